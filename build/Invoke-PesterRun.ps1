<#
.SYNOPSIS
Runs the Pester tests and writes their counts to a JSON file.

.DESCRIPTION
build.ps1 runs this script in a child pwsh process, so the tests load the module assembly fresh.
The counts go to a file rather than to the output, which Pester fills with its own report.

.PARAMETER PesterManifest
Path of Pester.psd1 in the NuGet cache.

.PARAMETER TestPath
Folder with the *.Tests.ps1 files.

.PARAMETER ResultPath
Path of the JSON file to write: Passed, Failed, Skipped and Result.

.PARAMETER RenderMode
Pester's Output.RenderMode: Ansi for a terminal, Plaintext for a log file.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [ValidateSet('Ansi', 'Plaintext')] [string] $RenderMode = 'Plaintext'
)

# No Set-StrictMode or $ErrorActionPreference here: the tests would inherit them.
Import-Module -Name $PesterManifest -Force -ErrorAction Stop

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = $RenderMode

$run = Invoke-Pester -Configuration $configuration

# A test file that fails to load counts as one failure, so such a run cannot end with '0 failed'.
# A failed BeforeAll already marks the tests of its block as failed, so FailedBlocksCount is left
# out. An AfterAll that fails after passing tests shows only in Result, which build.ps1 checks.
$counts = [ordered]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $run.FailedContainersCount
    # Inconclusive tests neither passed nor failed, so they count as skipped.
    Skipped = $run.SkippedCount + $run.InconclusiveCount
    Result  = $run.Result
}
$counts | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
