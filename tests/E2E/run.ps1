#Requires -Version 7.4
<#
.SYNOPSIS
Runs the end-to-end tests against a real Tryton ERP and a real Vendure shop.

.DESCRIPTION
Installs Tryton (Debian packages) and Vendure (npm, into a cache folder outside the repository)
when they are missing, starts both on 127.0.0.1 on free ports with fresh databases, runs the
Pester tests in tests/E2E/*.Tests.ps1 against the built module in module/ErpSync, and stops both
servers whatever happens. The last line printed is 'N passed, N failed'; the exit code is 1 when a
test failed or the systems could not start.

build.ps1 E2E builds the module first and then runs this script.

.PARAMETER KeepWorkspace
Leaves the folder with the databases and server logs in place for a look after the run.
#>
[CmdletBinding()]
param(
    [switch] $KeepWorkspace
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$env:VENDURE_DISABLE_TELEMETRY = 'true'

$repositoryRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
$pesterVersion = '5.7.1'
Import-Module (Join-Path $PSScriptRoot 'Systems.psm1') -Force

function New-Password {
    $bytes = [byte[]]::new(18)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
    return [Convert]::ToBase64String($bytes).Replace('+', 'A').Replace('/', 'B')
}

function Import-Pester {
    $restoreProject = Join-Path $repositoryRoot 'tests/PesterRestore/PesterRestore.csproj'
    dotnet restore $restoreProject --nologo -v quiet | Out-Host
    $assets = Get-Content -LiteralPath (Join-Path $repositoryRoot 'tests/PesterRestore/obj/project.assets.json') -Raw | ConvertFrom-Json -AsHashtable
    $manifest = Join-Path @($assets.packageFolders.Keys)[0] "pester/$pesterVersion/tools/Pester.psd1"
    Import-Module -Name $manifest -Force
}

$workspace = Join-Path ([IO.Path]::GetTempPath()) ("erpsync-e2e-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
$tryton = $null
$vendure = $null
$passed = 0
$failed = 0
$problem = $null
try {
    $started = [Diagnostics.Stopwatch]::StartNew()
    Install-Tryton
    Install-Vendure | Out-Null
    Write-Host "Starting Tryton and Vendure in $workspace"
    $tryton = Start-TrytonServer -Folder (Join-Path $workspace 'tryton') -Password (New-Password)
    $vendure = Start-VendureServer -Folder (Join-Path $workspace 'vendure') -Password (New-Password)
    Write-Host "Tryton at $($tryton.Url) and Vendure at $($vendure.Url), ready after $([int] $started.Elapsed.TotalSeconds) s"

    # The tests find the servers, with their credentials, in this global variable.
    $global:ErpSyncE2E = [pscustomobject]@{
        RepositoryRoot = [string] $repositoryRoot
        ModulePath     = Join-Path $repositoryRoot 'module/ErpSync'
        Workspace      = $workspace
        Tryton         = $tryton
        Vendure        = $vendure
    }

    Import-Pester
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $PSScriptRoot
    $configuration.Run.PassThru = $true
    $configuration.Run.Exit = $false
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.Output.RenderMode = if ([Console]::IsOutputRedirected) { 'Plaintext' } else { 'Ansi' }
    $run = Invoke-Pester -Configuration $configuration
    $passed = $run.PassedCount
    $failed = $run.FailedCount + $run.FailedContainersCount
    if ($run.Result -ne 'Passed' -and $failed -eq 0) {
        $problem = "Pester reported result '$($run.Result)' without a failed test; see the output above."
    }
}
catch {
    $problem = "The end-to-end run stopped: $($_.Exception.Message)"
}
finally {
    Stop-E2EServer $vendure
    Stop-E2EServer $tryton
    if (-not $KeepWorkspace) {
        Remove-Item -LiteralPath $workspace -Recurse -Force -ErrorAction SilentlyContinue
    }
    elseif (Test-Path -LiteralPath $workspace) {
        Write-Host "Kept the workspace with databases and logs: $workspace"
    }
}

if ($problem) {
    Write-Host "error: $problem" -ForegroundColor Red
}
Write-Host "$passed passed, $failed failed"
if ($failed -gt 0 -or $problem) {
    exit 1
}
exit 0
