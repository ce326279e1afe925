#Requires -Version 7.4
<#
.SYNOPSIS
Runs the ErpSync benchmarks against their baselines and writes docs/BENCHMARKS.md.

.DESCRIPTION
Generates deterministic data with bench/ErpSync.Bench, then times every workload and its baselines
as whole child processes, on the same files and in the same run:

  P1  Invoke-ErpMigration, products CSV -> SQLite (upsert by SKU), also in the pipeline form;
      against sqlite3 .import into a keyed table and an Import-Csv script with per-row upserts.
  P2  Sync-Bidirectional, two customers tables, 1% edited per side, 0.1% conflicting, and a rerun
      with no change; against sqlite3 reading both tables and a Compare-Object script.
  P3  Start-Broadcast -Once, Rows/10 products to three SQLite targets.
  P4  Merge-Aggregate, three shops of 0.3 * Rows orders into one table; against sqlite3 reading
      the three sources.

Peak memory comes from /usr/bin/time (Debian package 'time'); without it the memory column says so.
The script baselines run at -ScriptRows and are extrapolated linearly to -Rows.

Run it through the build: dotnet pwsh ./build.ps1 Bench [-Rows 20000] [-Runs 3]

.PARAMETER Rows
Products for P1 and customers per side for P2. P3 broadcasts Rows/10 changes and P4 merges three
sources of 0.3 * Rows orders each. The default is 1000000.

.PARAMETER Runs
Timed runs per measurement; the tables show the median. The default is 3.

.PARAMETER ScriptRows
Rows for the PowerShell script baselines, which are slow; their times are scaled linearly to Rows.
The default is the smaller of Rows and 50000.

.PARAMETER Workload
The workloads to run: P1, P2, P3, P4. The default is all of them.

.PARAMETER WorkFolder
Where the data and logs go. The default is artifacts/bench; it is rebuilt on every run.

.PARAMETER OutputPath
The Markdown file whose results section is rewritten. The default is docs/BENCHMARKS.md; text
outside the results section is kept.

.PARAMETER ModulePath
The built module. The default is module/ErpSync, which build.ps1 Build lays out.
#>
[CmdletBinding()]
param(
    [ValidateRange(1000, 100000000)]
    [int] $Rows = 1000000,

    [ValidateRange(1, 20)]
    [int] $Runs = 3,

    [ValidateRange(0, 100000000)]
    [int] $ScriptRows = 0,

    [string[]] $Workload = @('P1', 'P2', 'P3', 'P4'),

    [string] $WorkFolder,

    [string] $OutputPath,

    [string] $ModulePath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$RepositoryRoot = Split-Path -Parent $PSScriptRoot
if (-not $WorkFolder) { $WorkFolder = Join-Path $RepositoryRoot 'artifacts/bench' }
if (-not $OutputPath) { $OutputPath = Join-Path $RepositoryRoot 'docs/BENCHMARKS.md' }
if (-not $ModulePath) { $ModulePath = Join-Path $RepositoryRoot 'module/ErpSync' }
if ($ScriptRows -eq 0) { $ScriptRows = [Math]::Min($Rows, 50000) }

# Through build.ps1 and pwsh -File, '-Workload P1,P2' arrives as the one string 'P1,P2'.
$Workload = @($Workload -split ',' | ForEach-Object { $_.Trim().ToUpperInvariant() } | Where-Object { $_ })
foreach ($name in $Workload) {
    if ($name -notin 'P1', 'P2', 'P3', 'P4') {
        throw "Unknown workload '$name'. Pass one or more of P1, P2, P3, P4, for example -Workload P1,P3."
    }
}

$WorkloadFolder = Join-Path $PSScriptRoot 'workloads'
$GeneratorProject = Join-Path $PSScriptRoot 'ErpSync.Bench/ErpSync.Bench.csproj'
$GeneratorFolder = Join-Path $RepositoryRoot 'artifacts/bench-tool'
$Generator = Join-Path $GeneratorFolder 'ErpSync.Bench'
$DataFolder = Join-Path $WorkFolder 'data'
$RunFolder = Join-Path $WorkFolder 'run'
$LogFolder = Join-Path $WorkFolder 'logs'
$TimeCommand = '/usr/bin/time'
$ResultsStartMarker = '<!-- bench:results:start -->'
$ResultsEndMarker = '<!-- bench:results:end -->'

$Measurements = [System.Collections.Generic.List[object]]::new()
$Checks = [System.Collections.Generic.List[object]]::new()

#region Processes

# Returns the command line that starts this same PowerShell, as build.ps1 does.
function Get-PwshCommandLine {
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($processPath)
}

function Test-TimeCommand {
    return Test-Path -LiteralPath $TimeCommand -PathType Leaf
}

# Runs one command line as a child process and returns its wall time in seconds and its peak
# resident memory in MB (null without /usr/bin/time). Output goes to a log file; a non-zero exit
# code throws with the end of that log.
function Invoke-Measured([string] $Label, [string[]] $CommandLine) {
    New-Item -ItemType Directory -Path $LogFolder -Force | Out-Null
    $logPath = Join-Path $LogFolder (($Label -replace '[^A-Za-z0-9.-]+', '-') + '.log')
    $timePath = "$logPath.time"
    Remove-Item -LiteralPath $timePath -ErrorAction SilentlyContinue

    $clock = [Diagnostics.Stopwatch]::StartNew()
    if (Test-TimeCommand) {
        & $TimeCommand -f '%M' -o $timePath @CommandLine *> $logPath
    }
    else {
        & $CommandLine[0] @($CommandLine | Select-Object -Skip 1) *> $logPath
    }
    $exitCode = $LASTEXITCODE
    $clock.Stop()

    if ($exitCode -ne 0) {
        $tail = (Get-Content -LiteralPath $logPath -Tail 20 -ErrorAction SilentlyContinue) -join "`n"
        throw "$Label exited with code $exitCode. The end of $logPath`:`n$tail"
    }

    $peakMegabytes = $null
    if (Test-Path -LiteralPath $timePath) {
        $kilobytes = (Get-Content -LiteralPath $timePath | Where-Object { $_ -match '^\d+$' } | Select-Object -Last 1)
        if ($kilobytes) { $peakMegabytes = [double] $kilobytes / 1024 }
    }
    return [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; PeakMegabytes = $peakMegabytes }
}

function Get-WorkloadCommandLine([string] $ScriptName, [hashtable] $Arguments) {
    $commandLine = [System.Collections.Generic.List[string]]::new()
    $commandLine.AddRange([string[]] @(Get-PwshCommandLine))
    $commandLine.AddRange([string[]] @('-NoProfile', '-NonInteractive', '-File', (Join-Path $WorkloadFolder $ScriptName)))
    $commandLine.AddRange([string[]] @('-ModulePath', $ModulePath))
    foreach ($name in $Arguments.Keys) {
        $value = $Arguments[$name]
        if ($value -is [bool]) {
            if ($value) { $commandLine.Add("-$name") }
            continue
        }
        if ($value -is [array]) {
            # pwsh -File passes each argument as one string; the workload scripts split on commas.
            $value = $value -join ','
        }
        $commandLine.AddRange([string[]] @("-$name", [string] $value))
    }
    return [string[]] $commandLine
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

# Times a command $Runs times and records the median. $Prepare runs untimed before each run (for
# example to restore the input files); $Command returns the command line of one run.
function Measure-Workload {
    param(
        [string] $Id,
        [string] $Name,
        [long] $Size,
        [long] $ScaleTo = 0,
        [scriptblock] $Prepare = {},
        [scriptblock] $Command,
        [scriptblock] $Verify = {},
        [int] $Count = $Runs
    )

    $seconds = [System.Collections.Generic.List[double]]::new()
    $peaks = [System.Collections.Generic.List[double]]::new()
    for ($run = 1; $run -le $Count; $run++) {
        & $Prepare
        $commandLine = [string[]] (& $Command)
        $measured = Invoke-Measured "$Id-$run" $commandLine
        & $Verify
        $seconds.Add($measured.Seconds)
        if ($null -ne $measured.PeakMegabytes) { $peaks.Add($measured.PeakMegabytes) }
        Write-Host ("  {0,-48} run {1}: {2,8:0.00} s, peak {3}" -f $Name, $run, $measured.Seconds, (Format-Megabytes $measured.PeakMegabytes))
    }

    $median = Get-Median $seconds.ToArray()
    $measurement = [pscustomobject]@{
        Id            = $Id
        Name          = $Name
        Size          = $Size
        Seconds       = $median
        AllSeconds    = $seconds.ToArray()
        PeakMegabytes = if ($peaks.Count -gt 0) { ($peaks | Measure-Object -Maximum).Maximum } else { $null }
        ScaledTo      = $ScaleTo
        ScaledSeconds = if ($ScaleTo -gt 0) { $median * $ScaleTo / $Size } else { $median }
    }
    $Measurements.Add($measurement)
    return $measurement
}

function Format-Megabytes($Value) {
    if ($null -eq $Value) { return 'n/a' }
    return '{0:0} MB' -f $Value
}

#endregion

#region Data

function Invoke-Generator([string[]] $Arguments) {
    & $Generator @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "The data generator failed: ErpSync.Bench $($Arguments -join ' ') exited with code $LASTEXITCODE."
    }
}

function Build-Generator {
    Write-Host "Building the data generator ($GeneratorProject)"
    dotnet build $GeneratorProject -c Release -o $GeneratorFolder --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "Building $GeneratorProject failed; see the output above."
    }
}

function Get-SqliteCount([string] $Path, [string] $Table) {
    $count = & sqlite3 $Path "SELECT COUNT(*) FROM $Table"
    if ($LASTEXITCODE -ne 0) { throw "sqlite3 could not count the rows of $Table in $Path." }
    return [long] $count
}

function Assert-Equal([string] $What, $Expected, $Actual) {
    if ($Expected -ne $Actual) {
        throw "Benchmark check failed: $What is $Actual, expected $Expected. The timing of this run is not valid."
    }
}

function Read-Result([string] $Path) {
    if (-not (Test-Path -LiteralPath $Path)) { throw "The workload wrote no result file $Path." }
    return Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
}

function Reset-Folder([string] $Path) {
    Remove-Item -LiteralPath $Path -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
}

function Add-Check([string] $Workload, [string] $Target, [string] $Measured, [Nullable[bool]] $Met, [string] $Basis) {
    $Checks.Add([pscustomobject]@{ Workload = $Workload; Target = $Target; Measured = $Measured; Met = $Met; Basis = $Basis })
}

#endregion

#region Workloads

function Invoke-P1 {
    Write-Host "P1: migrate $Rows products CSV -> SQLite, upsert by SKU"
    $csv = Join-Path $DataFolder 'products.csv'
    $scriptCsv = Join-Path $DataFolder "products-$ScriptRows.csv"
    Invoke-Generator @('products-csv', $csv, $Rows)
    Invoke-Generator @('products-csv', $scriptCsv, $ScriptRows)

    $importScript = Join-Path $DataFolder 'import-products.sql'
    @(
        'CREATE TABLE products (Sku TEXT PRIMARY KEY, Name TEXT, Description TEXT, Category TEXT, Supplier TEXT, Price TEXT, Cost TEXT, Stock INTEGER, Active INTEGER, ModifiedAt TEXT);'
        ".import --csv --skip 1 '$csv' products"
    ) | Set-Content -LiteralPath $importScript
    $floorDb = Join-Path $RunFolder 'p1-floor.db'
    $null = Measure-Workload -Id 'P1-floor' -Name 'sqlite3 .import into a keyed table' -Size $Rows `
        -Prepare { Remove-Item -LiteralPath $floorDb -ErrorAction SilentlyContinue } `
        -Command { @('sqlite3', $floorDb, ".read '$importScript'") } `
        -Verify { Assert-Equal 'the rows sqlite3 imported' $Rows (Get-SqliteCount $floorDb 'products') }

    $engineDb = Join-Path $RunFolder 'p1-engine.db'
    $state = Join-Path $RunFolder 'p1-state.db'
    $result = Join-Path $RunFolder 'p1-result.json'
    $reset = { Remove-Item -LiteralPath $engineDb, $state, "$state-wal", "$state-shm" -ErrorAction SilentlyContinue }
    $null = Measure-Workload -Id 'P1-engine' -Name 'Invoke-ErpMigration -Source csv -Target sqlite' -Size $Rows `
        -Prepare $reset `
        -Command { Get-WorkloadCommandLine 'Migrate.ps1' @{ CsvPath = $csv; DatabasePath = $engineDb; StatePath = $state; ResultPath = $result } } `
        -Verify { Assert-Equal 'the rows Invoke-ErpMigration wrote' $Rows (Get-SqliteCount $engineDb 'products') }
    $null = Measure-Workload -Id 'P1-rerun' -Name 'Invoke-ErpMigration rerun, nothing changed' -Size $Rows `
        -Command { Get-WorkloadCommandLine 'Migrate.ps1' @{ CsvPath = $csv; DatabasePath = $engineDb; StatePath = $state; ResultPath = $result } } `
        -Verify { Assert-Equal 'the rows after the rerun' $Rows (Get-SqliteCount $engineDb 'products') }
    $null = Measure-Workload -Id 'P1-pipeline' -Name 'Get-ErpRecord csv | Invoke-ErpMigration' -Size $Rows `
        -Prepare $reset `
        -Command { Get-WorkloadCommandLine 'Migrate.ps1' @{ CsvPath = $csv; DatabasePath = $engineDb; StatePath = $state; ResultPath = $result; Pipeline = $true } } `
        -Verify { Assert-Equal 'the rows the pipeline form wrote' $Rows (Get-SqliteCount $engineDb 'products') }

    $scriptDb = Join-Path $RunFolder 'p1-script.db'
    $null = Measure-Workload -Id 'P1-script' -Name 'Import-Csv + per-row upsert script' -Size $ScriptRows -ScaleTo $Rows `
        -Prepare { Remove-Item -LiteralPath $scriptDb -ErrorAction SilentlyContinue } `
        -Command { Get-WorkloadCommandLine 'MigrateScript.ps1' @{ CsvPath = $scriptCsv; DatabasePath = $scriptDb; ResultPath = $result } } `
        -Verify { Assert-Equal 'the rows the script wrote' $ScriptRows (Get-SqliteCount $scriptDb 'products') }
}

function Invoke-P2 {
    Write-Host "P2: bi-directional sync of $Rows customers per side"
    $baseLeft = Join-Path $DataFolder 'customers-left.db'
    $baseRight = Join-Path $DataFolder 'customers-right.db'
    $baseState = Join-Path $DataFolder 'customers-state.db'
    $left = Join-Path $RunFolder 'p2-left.db'
    $right = Join-Path $RunFolder 'p2-right.db'
    $state = Join-Path $RunFolder 'p2-state.db'
    $result = Join-Path $RunFolder 'p2-result.json'

    # Both sides start equal; a first sync stores the baseline, then each side is edited.
    Invoke-Generator @('customers-db', $baseLeft, $Rows)
    Copy-Item -LiteralPath $baseLeft -Destination $baseRight
    Remove-Item -LiteralPath $baseState -ErrorAction SilentlyContinue
    $null = Measure-Workload -Id 'P2-first' -Name 'Sync-Bidirectional first run (stores the baseline)' -Size $Rows -Count 1 `
        -Command { Get-WorkloadCommandLine 'Sync.ps1' @{ LeftPath = $baseLeft; RightPath = $baseRight; StatePath = $baseState; ResultPath = $result } }
    Invoke-Generator @('customers-change', $baseLeft, $baseRight, $Rows) | Out-Null

    $null = Measure-Workload -Id 'P2-floor' -Name 'sqlite3 SELECT * of both tables' -Size $Rows `
        -Command { @('sh', '-c', "sqlite3 '$baseLeft' 'SELECT * FROM customers' > /dev/null && sqlite3 '$baseRight' 'SELECT * FROM customers' > /dev/null") }

    $restore = {
        Remove-Item -LiteralPath "$state-wal", "$state-shm" -ErrorAction SilentlyContinue
        Copy-Item -LiteralPath $baseLeft -Destination $left -Force
        Copy-Item -LiteralPath $baseRight -Destination $right -Force
        Copy-Item -LiteralPath $baseState -Destination $state -Force
    }
    $expectedPhone = & sqlite3 $baseLeft "SELECT Phone FROM customers WHERE Email = 'customer0001000@example.com'"
    $null = Measure-Workload -Id 'P2-engine' -Name 'Sync-Bidirectional, 1% edits per side' -Size $Rows `
        -Prepare $restore `
        -Command { Get-WorkloadCommandLine 'Sync.ps1' @{ LeftPath = $left; RightPath = $right; StatePath = $state; ResultPath = $result } } `
        -Verify {
            $phone = & sqlite3 $right "SELECT Phone FROM customers WHERE Email = 'customer0001000@example.com'"
            Assert-Equal 'the right side of a conflicting customer after LeftWins' $expectedPhone $phone
        }
    $null = Measure-Workload -Id 'P2-rerun' -Name 'Sync-Bidirectional rerun, nothing changed' -Size $Rows `
        -Command { Get-WorkloadCommandLine 'Sync.ps1' @{ LeftPath = $left; RightPath = $right; StatePath = $state; ResultPath = $result } }

    $scriptLeft = Join-Path $DataFolder "customers-left-$ScriptRows.db"
    $scriptRight = Join-Path $DataFolder "customers-right-$ScriptRows.db"
    Invoke-Generator @('customers-db', $scriptLeft, $ScriptRows)
    Copy-Item -LiteralPath $scriptLeft -Destination $scriptRight -Force
    Invoke-Generator @('customers-change', $scriptLeft, $scriptRight, $ScriptRows) | Out-Null
    $null = Measure-Workload -Id 'P2-script' -Name 'Compare-Object script (finds differences only)' -Size $ScriptRows -ScaleTo $Rows `
        -Command { Get-WorkloadCommandLine 'SyncScript.ps1' @{ LeftPath = $scriptLeft; RightPath = $scriptRight; ResultPath = $result } }
}

function Invoke-P3 {
    $changes = [long] ($Rows / 10)
    Write-Host "P3: broadcast $changes changes to three SQLite targets"
    $source = Join-Path $DataFolder 'broadcast-source.db'
    Invoke-Generator @('products-db', $source, $changes)
    $targets = 1..3 | ForEach-Object { Join-Path $RunFolder "p3-target$_.db" }
    $state = Join-Path $RunFolder 'p3-state.db'
    $result = Join-Path $RunFolder 'p3-result.json'

    $null = Measure-Workload -Id 'P3-engine' -Name 'Start-Broadcast -Once, three targets' -Size $changes `
        -Prepare { Remove-Item -LiteralPath ($targets + @($state, "$state-wal", "$state-shm")) -ErrorAction SilentlyContinue } `
        -Command { Get-WorkloadCommandLine 'Broadcast.ps1' @{ SourcePath = $source; TargetPath = $targets; StatePath = $state; ResultPath = $result } } `
        -Verify { foreach ($target in $targets) { Assert-Equal "the rows broadcast to $target" $changes (Get-SqliteCount $target 'products') } }
}

function Invoke-P4 {
    $perSource = [long] ($Rows * 3 / 10)
    Write-Host "P4: aggregate three shops of $perSource orders into one table"
    $sources = 1..3 | ForEach-Object {
        $path = Join-Path $DataFolder "orders-shop$_.db"
        Invoke-Generator @('orders-db', $path, $perSource, $_)
        $path
    }
    $target = Join-Path $RunFolder 'p4-erp.db'
    $state = Join-Path $RunFolder 'p4-state.db'
    $result = Join-Path $RunFolder 'p4-result.json'

    $reads = ($sources | ForEach-Object { "sqlite3 '$_' 'SELECT * FROM orders' > /dev/null" }) -join ' && '
    $null = Measure-Workload -Id 'P4-floor' -Name 'sqlite3 SELECT * of the three sources' -Size ($perSource * 3) `
        -Command { @('sh', '-c', $reads) }
    $null = Measure-Workload -Id 'P4-engine' -Name 'Merge-Aggregate, three sources into one' -Size ($perSource * 3) `
        -Prepare { Remove-Item -LiteralPath $target, $state, "$state-wal", "$state-shm" -ErrorAction SilentlyContinue } `
        -Command { Get-WorkloadCommandLine 'Aggregate.ps1' @{ SourcePath = $sources; TargetPath = $target; StatePath = $state; ResultPath = $result } } `
        -Verify { Assert-Equal 'the orders in the merged table' ($perSource * 3) (Get-SqliteCount $target 'orders') }
}

#endregion

#region Report

function Find-Measurement([string] $Id) {
    return $Measurements | Where-Object Id -eq $Id | Select-Object -First 1
}

function Format-Seconds([double] $Value) {
    if ($Value -ge 100) { return '{0:0}' -f $Value }
    return '{0:0.00}' -f $Value
}

function Format-Ratio([double] $Value) { return '{0:0.00}×' -f $Value }

function Add-RatioCheck([string] $Workload, [string] $Id, [string] $BaselineId, [double] $Limit, [string] $Target) {
    $measured = Find-Measurement $Id
    $baseline = Find-Measurement $BaselineId
    if (-not $measured -or -not $baseline) { return }
    $ratio = $measured.ScaledSeconds / $baseline.ScaledSeconds
    Add-Check $Workload $Target (Format-Ratio $ratio) ($ratio -le $Limit) "$(Format-Seconds $measured.ScaledSeconds) s / $(Format-Seconds $baseline.ScaledSeconds) s"
}

function Add-SpeedupCheck([string] $Workload, [string] $Id, [string] $ScriptId, [double] $Minimum, [string] $Target) {
    $measured = Find-Measurement $Id
    $script = Find-Measurement $ScriptId
    if (-not $measured -or -not $script) { return }
    $speedup = $script.ScaledSeconds / $measured.ScaledSeconds
    $basis = "$(Format-Seconds $script.ScaledSeconds) s"
    if ($script.ScaledTo -gt 0 -and $script.ScaledTo -ne $script.Size) { $basis += ' (extrapolated)' }
    Add-Check $Workload $Target ('{0:0.0}× faster' -f $speedup) ($speedup -ge $Minimum) "$basis / $(Format-Seconds $measured.ScaledSeconds) s"
}

function Add-MemoryCheck([string] $Workload, [string[]] $Ids, [double] $Limit) {
    $peaks = @($Ids | ForEach-Object { Find-Measurement $_ } | Where-Object { $_ } | ForEach-Object PeakMegabytes)
    if ($peaks.Count -eq 0) { return }
    if ($peaks -contains $null) {
        Add-Check $Workload "peak memory ≤ $Limit MB" 'not measured' $null "install the Debian package 'time'"
        return
    }
    $peak = ($peaks | Measure-Object -Maximum).Maximum
    Add-Check $Workload "peak memory ≤ $Limit MB" (Format-Megabytes $peak) ($peak -le $Limit) 'whole process, maximum over the runs'
}

function Add-TargetChecks {
    foreach ($name in 'P1', 'P2', 'P3', 'P4') {
        if ($name -notin $Workload) {
            Add-Check $name 'every target of the workload' 'not run' $null "run with -Workload $name"
        }
    }

    Add-RatioCheck 'P1' 'P1-engine' 'P1-floor' 2 '≤ 2× sqlite3 .import'
    Add-SpeedupCheck 'P1' 'P1-engine' 'P1-script' 10 '≥ 10× faster than the script'
    Add-MemoryCheck 'P1' @('P1-engine', 'P1-rerun') 300
    Add-RatioCheck 'P1' 'P1-pipeline' 'P1-engine' ([double]::PositiveInfinity) 'pipeline form overhead (reported, no target)'

    Add-RatioCheck 'P2' 'P2-engine' 'P2-floor' 3 '≤ 3× reading both tables'
    Add-RatioCheck 'P2' 'P2-rerun' 'P2-floor' 1.5 'rerun with no change ≤ 1.5× reading both tables'
    Add-MemoryCheck 'P2' @('P2-first', 'P2-engine', 'P2-rerun') 400

    $broadcast = Find-Measurement 'P3-engine'
    if ($broadcast) {
        $rate = $broadcast.Size / $broadcast.Seconds
        Add-Check 'P3' '≥ 50000 records/s per target' ('{0:0} records/s' -f $rate) ($rate -ge 50000) "$($broadcast.Size) records / $(Format-Seconds $broadcast.Seconds) s, whole process"
    }

    Add-RatioCheck 'P4' 'P4-engine' 'P4-floor' 2 '≤ 2× reading the sources'
}

function Get-MachineDescription {
    $cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memoryKilobytes = ((Get-Content /proc/meminfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'MemTotal*' }) -replace '\D', '')
    $os = (Get-Content /etc/os-release -ErrorAction SilentlyContinue | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME="?|"$', ''
    $sqliteVersion = ((& sqlite3 --version) -split ' ')[0]
    $providerPath = Join-Path $ModulePath 'Microsoft.Data.Sqlite.dll'
    $provider = if (Test-Path -LiteralPath $providerPath) { [Diagnostics.FileVersionInfo]::GetVersionInfo($providerPath).ProductVersion -replace '\+.*$', '' } else { 'unknown' }
    $commit = (& git -C $RepositoryRoot rev-parse --short HEAD 2>$null)
    $dirty = if (& git -C $RepositoryRoot status --porcelain --untracked-files=no 2>$null) { ' with uncommitted changes' } else { '' }

    return @(
        "| Item | Value |"
        "| --- | --- |"
        "| Date | $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC |"
        "| Commit | $commit$dirty |"
        "| CPU | $cpu, $([Environment]::ProcessorCount) logical cores |"
        "| Memory | $('{0:0.0}' -f ([double] $memoryKilobytes / 1MB)) GiB |"
        "| OS | $os, kernel $([Environment]::OSVersion.Version) |"
        "| .NET | $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) |"
        "| PowerShell | $($PSVersionTable.PSVersion) (started as ``dotnet pwsh``, the repository's local tool) |"
        "| SQLite | sqlite3 shell $sqliteVersion; Microsoft.Data.Sqlite $provider in the module |"
        "| Peak memory | $(if (Test-TimeCommand) { '/usr/bin/time %M (maximum resident set size of the child process and its children)' } else { "not measured: /usr/bin/time is missing (install the Debian package 'time')" }) |"
    )
}

function Get-ResultsSection {
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add($ResultsStartMarker)
    $lines.Add('')
    $lines.Add("Generated by ``dotnet pwsh ./build.ps1 Bench -Rows $Rows -Runs $Runs`` (bench/run.ps1); every time is the median of $Runs runs of a whole child process, PowerShell start included. Script baselines ran at $ScriptRows rows and are extrapolated linearly to the workload size where marked.")
    $lines.Add('')
    $lines.Add('### Machine')
    $lines.Add('')
    foreach ($line in Get-MachineDescription) { $lines.Add($line) }
    $lines.Add('')
    $lines.Add('### Measurements')
    $lines.Add('')
    $lines.Add('| Id | What | Records | Median s | Runs s | Records/s | Peak memory |')
    $lines.Add('| --- | --- | ---: | ---: | --- | ---: | ---: |')
    foreach ($m in $Measurements) {
        $runsText = ($m.AllSeconds | ForEach-Object { Format-Seconds $_ }) -join ', '
        $median = Format-Seconds $m.Seconds
        if ($m.ScaledTo -gt 0 -and $m.ScaledTo -ne $m.Size) {
            $median += " (extrapolated to $($m.ScaledTo): $(Format-Seconds $m.ScaledSeconds))"
        }
        $lines.Add("| $($m.Id) | $($m.Name -replace "\|", "\|") | $($m.Size) | $median | $runsText | $('{0:0}' -f ($m.Size / $m.Seconds)) | $(Format-Megabytes $m.PeakMegabytes) |")
    }
    $lines.Add('')
    $lines.Add('### Targets')
    $lines.Add('')
    $lines.Add('| Workload | Target | Measured | Met | Basis |')
    $lines.Add('| --- | --- | ---: | --- | --- |')
    foreach ($check in $Checks) {
        $met = if ($check.Measured -eq 'not run') { 'not run' } elseif ($null -eq $check.Met) { 'not measured' } elseif ($check.Target -like '*no target*') { '—' } elseif ($check.Met) { 'yes' } else { '**no**' }
        $lines.Add("| $($check.Workload) | $($check.Target) | $($check.Measured) | $met | $($check.Basis) |")
    }
    $lines.Add('')
    $lines.Add($ResultsEndMarker)
    return $lines
}

function Write-Report {
    $section = (Get-ResultsSection) -join "`n"
    $existing = if (Test-Path -LiteralPath $OutputPath) { Get-Content -LiteralPath $OutputPath -Raw } else { $null }
    if ($existing -and $existing.Contains($ResultsStartMarker) -and $existing.Contains($ResultsEndMarker)) {
        $start = $existing.IndexOf($ResultsStartMarker)
        $end = $existing.IndexOf($ResultsEndMarker) + $ResultsEndMarker.Length
        $text = $existing.Substring(0, $start) + $section + $existing.Substring($end)
    }
    else {
        $text = "# Benchmarks`n`n## Results`n`n$section`n"
    }
    New-Item -ItemType Directory -Path (Split-Path -Parent $OutputPath) -Force | Out-Null
    Set-Content -LiteralPath $OutputPath -Value $text.TrimEnd() -Encoding utf8NoBOM
    Write-Host "Wrote $OutputPath"
}

#endregion

if (-not (Test-TimeCommand)) {
    Write-Warning "$TimeCommand is missing, so peak memory is not measured. Install the Debian package 'time' (apt-get install time) and run again."
}
if (-not (Get-Command sqlite3 -ErrorAction SilentlyContinue)) {
    throw "The sqlite3 shell is missing; the baselines need it. Install the Debian package 'sqlite3'."
}
if (-not (Test-Path -LiteralPath (Join-Path $ModulePath 'ErpSync.psd1'))) {
    throw "No built module at $ModulePath. Run 'dotnet pwsh ./build.ps1 Bench' or pass -ModulePath."
}

Build-Generator
Reset-Folder $DataFolder
Reset-Folder $RunFolder
Reset-Folder $LogFolder

foreach ($name in $Workload) {
    & "Invoke-$name"
}

Add-TargetChecks
Write-Report
$Checks | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
