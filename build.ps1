#Requires -Version 7.4
<#
.SYNOPSIS
Builds, tests and runs the ErpSync PowerShell module.

.DESCRIPTION
The one entry point for developers and CI. Run it with the PowerShell that the repository pins
as a local .NET tool:

    dotnet tool restore
    dotnet pwsh ./build.ps1 [Task] [-Configuration Release|Debug]

Tasks:
  Build  Publishes src/ErpSync.PowerShell and lays out the module in module/ErpSync: assemblies,
         native SQLite libraries, manifest and compiled help.
  Test   Builds, runs the xunit projects and the Pester tests in tests/Pester, then prints
         'N passed, N failed' (', N skipped' when tests were skipped) as the last line.
  Demo   Builds, then runs samples/demo.ps1 in a child pwsh.
  Bench  Builds, then runs bench/run.ps1 in a child pwsh with the remaining arguments.
  E2E    Builds, then runs tests/E2E/run.ps1 in a child pwsh with the remaining arguments.
  Clean  Removes bin, obj, artifacts and the generated files in module/ErpSync.

.PARAMETER Task
The task to run. The default is Build.

.PARAMETER Configuration
The dotnet build configuration. The default is Release.

.PARAMETER TaskArguments
Arguments passed on to bench/run.ps1 or tests/E2E/run.ps1.

.EXAMPLE
dotnet pwsh ./build.ps1 Test

.EXAMPLE
dotnet pwsh ./build.ps1 Bench -Rows 100000
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Clean', 'E2E')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release',

    [Parameter(ValueFromRemainingArguments)]
    [string[]] $TaskArguments = @()
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true
if ([Console]::IsOutputRedirected) {
    $PSStyle.OutputRendering = 'PlainText'
}
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'

$RepositoryRoot = $PSScriptRoot
$ModuleFolder = Join-Path $RepositoryRoot 'module/ErpSync'
$ArtifactsFolder = Join-Path $RepositoryRoot 'artifacts'
$StagingFolder = Join-Path $ArtifactsFolder 'staging'
$TestResultsFolder = Join-Path $ArtifactsFolder 'TestResults'
$MetadataPath = Join-Path $ArtifactsFolder 'cmdlet-metadata.json'
$ModuleProject = Join-Path $RepositoryRoot 'src/ErpSync.PowerShell/ErpSync.PowerShell.csproj'
$ModuleAssemblyFileName = 'ErpSync.PowerShell.dll'
$TestProjects = @(
    'tests/ErpSync.Core.Tests/ErpSync.Core.Tests.csproj'
    'tests/ErpSync.PowerShell.Tests/ErpSync.PowerShell.Tests.csproj'
)
$PesterRestoreProject = Join-Path $RepositoryRoot 'tests/PesterRestore/PesterRestore.csproj'
$PesterVersion = '5.7.1'

# The manifest GUID identifies the module across versions, so it never changes.
$ModuleGuid = 'f4ce5883-9c90-40f9-a237-d4847e4c70a9'
$ModuleDescription = 'Cmdlets that sync data between an ERP system and an online shop.'

# Native SQLite builds copied into module/ErpSync/runtimes/<rid>/native/.
$NativeRuntimeIdentifiers = @('linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64')

# Copied beside the module dll as well, where .NET probes by default, so these two are found even
# when NativeLibraryResolver.cs cannot run. NOTE: checked on linux-x64 in PowerShell 7 only.
# Whether Windows PowerShell 5.1 (.NET Framework) probes the module folder is untested.
$NativeLibrariesBesideModule = @('linux-x64/native/libe_sqlite3.so', 'win-x64/native/e_sqlite3.dll')

. (Join-Path $RepositoryRoot 'build/HelpCompiler.ps1')
. (Join-Path $RepositoryRoot 'build/PostgresTestServer.ps1')

function Write-TaskHeader([string] $Text) {
    Write-Host "==> $Text" -ForegroundColor Cyan
}

# Returns the command line that starts this same PowerShell: either a pwsh executable, or
# 'dotnet <path>/pwsh.dll' when PowerShell runs as a local .NET tool.
function Get-PwshCommandLine {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($processPath)
}

# Runs a script in a child pwsh, so that it loads the module assembly fresh and this process never
# locks it. Returns the exit code and never throws on a non-zero one.
function Invoke-ChildPwsh([string] $ScriptPath, [string[]] $Arguments = @()) {
    $commandLine = @(Get-PwshCommandLine)
    $PSNativeCommandUseErrorActionPreference = $false
    & $commandLine[0] @($commandLine | Select-Object -Skip 1) -NoProfile -NonInteractive -File $ScriptPath @Arguments | Out-Host
    return $LASTEXITCODE
}

function Get-ProjectVersion {
    $propsPath = Join-Path $RepositoryRoot 'Directory.Build.props'
    $versionNode = ([xml](Get-Content -LiteralPath $propsPath -Raw)).SelectSingleNode('/Project/PropertyGroup/Version')
    if ($null -eq $versionNode -or [string]::IsNullOrWhiteSpace($versionNode.InnerText)) {
        throw "Directory.Build.props has no <Version>; add one such as <Version>0.1.0</Version>."
    }
    return $versionNode.InnerText.Trim()
}

function Get-ProjectAuthors {
    $propsPath = Join-Path $RepositoryRoot 'Directory.Build.props'
    $authorsNode = ([xml](Get-Content -LiteralPath $propsPath -Raw)).SelectSingleNode('/Project/PropertyGroup/Authors')
    if ($null -eq $authorsNode) {
        return 'ErpSync contributors'
    }
    return $authorsNode.InnerText.Trim()
}

# Returns the folder of one package in the NuGet cache, as the restore of a project recorded it.
function Get-RestoredPackageFolder([string] $AssetsPath, [string] $PackageId) {
    if (-not (Test-Path -LiteralPath $AssetsPath)) {
        throw "$AssetsPath is missing. Run 'dotnet restore' for that project first."
    }

    $assets = Get-Content -LiteralPath $AssetsPath -Raw | ConvertFrom-Json -AsHashtable
    $libraryKey = @($assets.libraries.Keys | Where-Object { $_ -like "$PackageId/*" }) | Select-Object -First 1
    if ($null -eq $libraryKey) {
        throw "Package $PackageId is not in $AssetsPath. Check the package references of that project."
    }

    $packagesRoot = @($assets.packageFolders.Keys)[0]
    return Join-Path $packagesRoot $assets.libraries[$libraryKey].path
}

function Test-KeptModuleFile([string] $RelativePath) {
    $normalized = $RelativePath -replace '\\', '/'
    $isFormatFile = ($normalized -like '*.format.ps1xml') -and ($normalized -notlike '*/*')
    $isTypesFile = $normalized -eq 'ErpSync.types.ps1xml'
    $isAboutHelp = $normalized -like 'en-US/about_*.help.txt'
    return $isFormatFile -or $isTypesFile -or $isAboutHelp
}

# Deletes the generated files in module/ErpSync. The format, types and about_ help files are
# sources kept in git, as listed in .gitignore, and stay.
function Remove-GeneratedModuleFiles {
    if (-not (Test-Path -LiteralPath $ModuleFolder)) {
        return
    }

    foreach ($file in Get-ChildItem -LiteralPath $ModuleFolder -Recurse -File -Force) {
        $relativePath = [IO.Path]::GetRelativePath($ModuleFolder, $file.FullName)
        if (-not (Test-KeptModuleFile $relativePath)) {
            Remove-Item -LiteralPath $file.FullName -Force
        }
    }

    $folders = Get-ChildItem -LiteralPath $ModuleFolder -Recurse -Directory -Force |
        Sort-Object -Property { $_.FullName.Length } -Descending
    foreach ($folder in $folders) {
        if (@(Get-ChildItem -LiteralPath $folder.FullName -Force).Count -eq 0) {
            Remove-Item -LiteralPath $folder.FullName -Force
        }
    }
}

function Copy-NativeSqliteLibraries {
    $assetsPath = Join-Path $RepositoryRoot 'src/ErpSync.PowerShell/obj/project.assets.json'
    $packageFolder = Get-RestoredPackageFolder $assetsPath 'SQLitePCLRaw.lib.e_sqlite3'
    $runtimesFolder = Join-Path $packageFolder 'runtimes'

    foreach ($runtimeIdentifier in $NativeRuntimeIdentifiers) {
        $sourceFolder = Join-Path $runtimesFolder "$runtimeIdentifier/native"
        $libraries = @(Get-ChildItem -LiteralPath $sourceFolder -File -ErrorAction SilentlyContinue)
        if ($libraries.Count -eq 0) {
            throw "No native SQLite library found in $sourceFolder."
        }

        $targetFolder = Join-Path $ModuleFolder "runtimes/$runtimeIdentifier/native"
        New-Item -ItemType Directory -Path $targetFolder -Force | Out-Null
        Copy-Item -LiteralPath $libraries.FullName -Destination $targetFolder
    }

    foreach ($relativePath in $NativeLibrariesBesideModule) {
        Copy-Item -LiteralPath (Join-Path $runtimesFolder $relativePath) -Destination $ModuleFolder
    }
}

function Copy-ModuleAssemblies {
    New-Item -ItemType Directory -Path $ModuleFolder -Force | Out-Null

    # PowerShell ships System.Management.Automation itself, and loading a second copy breaks the
    # module. PowerShellStandard.Library is PrivateAssets=all, so publish should not contain it.
    $assemblies = Get-ChildItem -LiteralPath $StagingFolder -Filter '*.dll' -File |
        Where-Object { $_.Name -ne 'System.Management.Automation.dll' }
    Copy-Item -LiteralPath $assemblies.FullName -Destination $ModuleFolder

    # Symbols of the project's own assemblies give line numbers in stack traces.
    $symbols = Get-ChildItem -LiteralPath $StagingFolder -Filter 'ErpSync.*.pdb' -File
    if ($symbols) {
        Copy-Item -LiteralPath $symbols.FullName -Destination $ModuleFolder
    }
}

function Read-CmdletMetadata {
    $scriptPath = Join-Path $RepositoryRoot 'build/Export-CmdletMetadata.ps1'
    $assemblyPath = Join-Path $ModuleFolder $ModuleAssemblyFileName
    Remove-Item -LiteralPath $MetadataPath -Force -ErrorAction SilentlyContinue

    $exitCode = Invoke-ChildPwsh $scriptPath @('-AssemblyPath', $assemblyPath, '-OutputPath', $MetadataPath)
    if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $MetadataPath)) {
        throw "Reading the cmdlets of $assemblyPath failed (exit code $exitCode); see the output above."
    }

    return Get-Content -LiteralPath $MetadataPath -Raw | ConvertFrom-Json
}

function New-ErpSyncManifest([string[]] $CmdletNames) {
    $version = Get-ProjectVersion
    $moduleVersion, $prerelease = $version -split '-', 2

    $formats = @(Get-ChildItem -LiteralPath $ModuleFolder -Filter '*.format.ps1xml' -File |
        Sort-Object -Property Name | ForEach-Object { $_.Name })
    $hasTypes = Test-Path -LiteralPath (Join-Path $ModuleFolder 'ErpSync.types.ps1xml')

    $manifest = @{
        Path                   = Join-Path $ModuleFolder 'ErpSync.psd1'
        RootModule             = $ModuleAssemblyFileName
        ModuleVersion          = $moduleVersion
        Guid                   = $ModuleGuid
        Author                 = Get-ProjectAuthors
        CompanyName            = 'ErpSync'
        Description            = $ModuleDescription
        CompatiblePSEditions   = @('Desktop', 'Core')
        PowerShellVersion      = '5.1'
        # netstandard2.0 assemblies need .NET Framework 4.7.2 or later to load without extra facades.
        DotNetFrameworkVersion = '4.7.2'
        CmdletsToExport        = $CmdletNames
        FunctionsToExport      = @()
        AliasesToExport        = @()
        VariablesToExport      = @()
    }
    if ($formats.Count -gt 0) {
        $manifest.FormatsToProcess = $formats
    }
    if ($hasTypes) {
        $manifest.TypesToProcess = @('ErpSync.types.ps1xml')
        # PowerShell reads TypesToProcess before it loads the RootModule; the record adapter named in
        # the type file resolves only if its assemblies are already loaded, so load them first.
        $manifest.RequiredAssemblies = @('ErpSync.Core.dll', $ModuleAssemblyFileName)
    }
    if ($prerelease) {
        $manifest.Prerelease = $prerelease
    }

    New-ModuleManifest @manifest

    # New-ModuleManifest comments out an empty VariablesToExport, and a missing key means '*'.
    $manifestText = Get-Content -LiteralPath $manifest.Path -Raw
    $manifestText = $manifestText -replace '(?m)^#\s*VariablesToExport\s*=\s*@\(\)', 'VariablesToExport = @()'
    Set-Content -LiteralPath $manifest.Path -Value $manifestText -NoNewline -Encoding utf8

    $written = Import-PowerShellDataFile -LiteralPath $manifest.Path
    foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
        if (-not $written.ContainsKey($key)) {
            throw "The generated manifest $($manifest.Path) has no $key entry, which would export '*'."
        }
    }
}

function Invoke-BuildTask {
    Write-TaskHeader "Build: publish ErpSync.PowerShell ($Configuration)"
    Remove-Item -LiteralPath $StagingFolder -Recurse -Force -ErrorAction SilentlyContinue
    dotnet publish $ModuleProject -c $Configuration -o $StagingFolder --nologo -v minimal

    Write-TaskHeader "Build: lay out $ModuleFolder"
    Remove-GeneratedModuleFiles
    Copy-ModuleAssemblies
    Copy-NativeSqliteLibraries

    $metadata = Read-CmdletMetadata
    $commands = @($metadata.Commands)
    [string[]] $cmdletNames = @($commands | ForEach-Object { $_.Name })
    [Array]::Sort($cmdletNames, [StringComparer]::Ordinal)
    New-ErpSyncManifest $cmdletNames

    Write-TaskHeader "Build: compile help for $($cmdletNames.Count) cmdlet(s)"
    $helpPath = Join-Path $ModuleFolder "en-US/$ModuleAssemblyFileName-Help.xml"
    Build-MamlHelp -Commands $commands -HelpFolder (Join-Path $RepositoryRoot 'docs/help') -OutputPath $helpPath

    Write-Host "Module ready: $ModuleFolder ($($cmdletNames.Count) cmdlets)"
}

# Counts the outcomes of the test results in one trx file.
function Read-TrxCounts([string] $Path) {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $namespace = @{ trx = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010' }
    foreach ($result in Select-Xml -LiteralPath $Path -XPath '//trx:UnitTestResult' -Namespace $namespace) {
        switch ($result.Node.outcome) {
            'Passed' { $counts.Passed++ }
            { $_ -in 'Failed', 'Error', 'Timeout', 'Aborted' } { $counts.Failed++ }
            default { $counts.Skipped++ }
        }
    }
    return $counts
}

# Runs one xunit project and returns its counts, plus a problem message when the run itself failed.
function Invoke-DotnetTest([string] $ProjectPath) {
    $projectName = [IO.Path]::GetFileNameWithoutExtension($ProjectPath)
    $resultsFolder = Join-Path $TestResultsFolder $projectName
    Remove-Item -LiteralPath $resultsFolder -Recurse -Force -ErrorAction SilentlyContinue

    Write-TaskHeader "Test: $projectName"
    $PSNativeCommandUseErrorActionPreference = $false
    dotnet test (Join-Path $RepositoryRoot $ProjectPath) -c $Configuration --nologo -v quiet `
        --results-directory $resultsFolder `
        --logger "trx;LogFileName=$projectName.trx" `
        --logger 'console;verbosity=minimal' | Out-Host
    $exitCode = $LASTEXITCODE

    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Problem = $null }
    $trxPath = Join-Path $resultsFolder "$projectName.trx"
    if (Test-Path -LiteralPath $trxPath) {
        $trxCounts = Read-TrxCounts $trxPath
        $counts.Passed = $trxCounts.Passed
        $counts.Failed = $trxCounts.Failed
        $counts.Skipped = $trxCounts.Skipped
    }

    # A failed build or a crashed test host exits non-zero without any failed test in the trx.
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        $counts.Problem = "dotnet test $projectName exited with code $exitCode without a failed test; see the output above."
    }
    return $counts
}

function Invoke-PesterTests {
    $testFolder = Join-Path $RepositoryRoot 'tests/Pester'
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Problem = $null }

    Write-TaskHeader 'Test: Pester'
    $testFiles = @(Get-ChildItem -LiteralPath $testFolder -Filter '*.Tests.ps1' -File -Recurse -ErrorAction SilentlyContinue)
    if ($testFiles.Count -eq 0) {
        Write-Host "No *.Tests.ps1 files in $testFolder; Pester ran no tests."
        return $counts
    }

    dotnet restore $PesterRestoreProject --nologo -v quiet | Out-Host
    $assetsPath = Join-Path $RepositoryRoot 'tests/PesterRestore/obj/project.assets.json'
    $assets = Get-Content -LiteralPath $assetsPath -Raw | ConvertFrom-Json -AsHashtable
    $packagesRoot = @($assets.packageFolders.Keys)[0]
    $pesterManifest = Join-Path $packagesRoot "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pesterManifest)) {
        $counts.Problem = "Pester $PesterVersion is not at $pesterManifest after restoring $PesterRestoreProject."
        return $counts
    }

    $resultPath = Join-Path $TestResultsFolder 'pester-counts.json'
    New-Item -ItemType Directory -Path $TestResultsFolder -Force | Out-Null
    Remove-Item -LiteralPath $resultPath -Force -ErrorAction SilentlyContinue

    $runnerPath = Join-Path $RepositoryRoot 'build/Invoke-PesterRun.ps1'
    # The child's output passes through a pipe, so pick colors from this process's own output.
    $renderMode = if ([Console]::IsOutputRedirected) { 'Plaintext' } else { 'Ansi' }
    $exitCode = Invoke-ChildPwsh $runnerPath @(
        '-PesterManifest', $pesterManifest, '-TestPath', $testFolder, '-ResultPath', $resultPath,
        '-RenderMode', $renderMode)
    if (-not (Test-Path -LiteralPath $resultPath)) {
        $counts.Problem = "The Pester run wrote no results (exit code $exitCode); see the output above."
        return $counts
    }

    $result = Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
    $counts.Passed = $result.Passed
    $counts.Failed = $result.Failed
    $counts.Skipped = $result.Skipped
    if ($result.Result -ne 'Passed' -and $counts.Failed -eq 0) {
        $counts.Problem = "Pester reported result '$($result.Result)' without a failed test; see the output above."
    }
    return $counts
}

# Runs every test suite, then prints the summary line last. Exits 1 when a test failed or a step
# could not run.
function Invoke-TestTask {
    $total = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $problems = [System.Collections.Generic.List[string]]::new()

    try {
        Invoke-BuildTask
    }
    catch {
        $problems.Add("Build failed: $($_.Exception.Message)")
    }

    $suites = [System.Collections.Generic.List[object]]::new()
    $postgres = $null
    $postgresNote = $null
    if ($problems.Count -eq 0) {
        try {
            Write-TaskHeader 'Test: start a PostgreSQL test server'
            $postgres = Start-PostgresTestServer
            if ($postgres.Skipped) {
                $postgresNote = $postgres.Skipped
            }
            else {
                $env:ERPSYNC_TEST_POSTGRES = $postgres.ConnectionString
            }
        }
        catch {
            $postgresNote = "$($_.Exception.Message) The PostgreSQL tests are skipped."
        }
    }
    try {
    if ($problems.Count -eq 0) {
        foreach ($project in $TestProjects) {
            try {
                $suites.Add((Invoke-DotnetTest $project))
            }
            catch {
                $problems.Add("Running $project failed: $($_.Exception.Message)")
            }
        }

        try {
            $suites.Add((Invoke-PesterTests))
        }
        catch {
            $problems.Add("Running the Pester tests failed: $($_.Exception.Message)")
        }
    }
    }
    finally {
        if ($postgres -and -not $postgres.External) {
            Remove-Item Env:ERPSYNC_TEST_POSTGRES -ErrorAction SilentlyContinue
        }
        Stop-PostgresTestServer $postgres
    }

    foreach ($suite in $suites) {
        $total.Passed += $suite.Passed
        $total.Failed += $suite.Failed
        $total.Skipped += $suite.Skipped
        if ($suite.Problem) {
            $problems.Add($suite.Problem)
        }
    }

    foreach ($problem in $problems) {
        Write-Host "error: $problem" -ForegroundColor Red
    }
    if ($postgresNote) {
        Write-Host "note: $postgresNote" -ForegroundColor Yellow
    }

    $summary = "$($total.Passed) passed, $($total.Failed) failed"
    if ($total.Skipped -gt 0) {
        $summary += ", $($total.Skipped) skipped"
    }
    Write-Host $summary

    if ($total.Failed -gt 0 -or $problems.Count -gt 0) {
        exit 1
    }
    exit 0
}

# Builds, then runs a script of the repository in a child pwsh and exits with its exit code.
function Invoke-ScriptTask([string] $Name, [string] $RelativePath, [string[]] $Arguments = @()) {
    $scriptPath = Join-Path $RepositoryRoot $RelativePath
    if (-not (Test-Path -LiteralPath $scriptPath -PathType Leaf)) {
        Write-Host "${Name}: $RelativePath is missing, so there is nothing to run." -ForegroundColor Red
        exit 1
    }

    Invoke-BuildTask
    Write-TaskHeader "${Name}: $RelativePath"
    $exitCode = Invoke-ChildPwsh $scriptPath $Arguments
    exit $exitCode
}

function Invoke-CleanTask {
    Write-TaskHeader 'Clean'
    foreach ($projectsRoot in 'src', 'tests') {
        $projectFolders = Get-ChildItem -LiteralPath (Join-Path $RepositoryRoot $projectsRoot) -Directory -ErrorAction SilentlyContinue
        foreach ($projectFolder in $projectFolders) {
            foreach ($outputName in 'bin', 'obj') {
                Remove-Item -LiteralPath (Join-Path $projectFolder.FullName $outputName) -Recurse -Force -ErrorAction SilentlyContinue
            }
        }
    }
    Remove-Item -LiteralPath $ArtifactsFolder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-GeneratedModuleFiles
    Write-Host 'Removed bin, obj, artifacts and the generated files in module/ErpSync.'
}

Push-Location $RepositoryRoot
try {
    switch ($Task) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Demo' { Invoke-ScriptTask 'Demo' 'samples/demo.ps1' $TaskArguments }
        'Bench' { Invoke-ScriptTask 'Bench' 'bench/run.ps1' $TaskArguments }
        'E2E' { Invoke-ScriptTask 'E2E' 'tests/E2E/run.ps1' $TaskArguments }
        'Clean' { Invoke-CleanTask }
    }
}
catch {
    # One plain message instead of PowerShell's error view, which wraps and colors the text.
    Write-Host "error: $Task failed: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
finally {
    Pop-Location
}
