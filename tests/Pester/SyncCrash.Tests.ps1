# Crash safety of Sync-Bidirectional on the built module in module/ErpSync: a child process is
# killed between a target write and its baseline commit, then a rerun must converge.
# Run with 'dotnet pwsh ./build.ps1 Test', which builds the module first.

BeforeAll {
    $moduleFolder = (Resolve-Path (Join-Path $PSScriptRoot '../../module/ErpSync')).Path
    $manifestPath = Join-Path $moduleFolder 'ErpSync.psd1'
    Import-Module -Name $manifestPath -Force
    Add-Type -Path (Join-Path $moduleFolder 'Microsoft.Data.Sqlite.dll')

    function Invoke-Sql([string] $Path, [string] $Sql) {
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path;Pooling=False")
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = $Sql
            $reader = $command.ExecuteReader()
            try {
                while ($reader.Read()) {
                    $row = [ordered]@{}
                    for ($i = 0; $i -lt $reader.FieldCount; $i++) {
                        $row[$reader.GetName($i)] = $reader.GetValue($i)
                    }
                    [pscustomobject]$row
                }
            }
            finally {
                $reader.Dispose()
            }
        }
        finally {
            $connection.Dispose()
        }
    }

    # Creates a customer table with rows for the given emails; every row starts as Name, 100, Oslo.
    function New-CustomerTable([string] $Path, [string[]] $Emails) {
        $values = ($Emails | ForEach-Object { "('$_', 'Name of $_', '100', 'Oslo')" }) -join ', '
        Invoke-Sql $Path "CREATE TABLE customers (Email TEXT PRIMARY KEY, Name TEXT, Phone TEXT, City TEXT); INSERT INTO customers VALUES $values"
    }

    function Add-Customers([string] $Path, [string[]] $Emails) {
        $values = ($Emails | ForEach-Object { "('$_', 'Name of $_', '200', 'Lima')" }) -join ', '
        Invoke-Sql $Path "INSERT INTO customers VALUES $values"
    }

    # Starts this same PowerShell as a child process; under 'dotnet pwsh' that needs pwsh.dll.
    function Invoke-ChildScript([string] $ScriptPath, [string[]] $Arguments) {
        $processPath = [Environment]::ProcessPath
        $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $prefix = @(Join-Path $PSHOME 'pwsh.dll')
        }
        & $processPath @prefix -NoProfile -NonInteractive -File $ScriptPath @Arguments | Out-Null
        $LASTEXITCODE
    }

    function Get-Counts([string] $Path) {
        Invoke-Sql $Path 'SELECT COUNT(*) AS Total, COUNT(DISTINCT lower(Email)) AS Keys FROM customers'
    }
}

AfterAll {
    Remove-Module -Name ErpSync -Force -ErrorAction SilentlyContinue
}

Describe 'Sync-Bidirectional after a kill between target write and baseline commit' {
    BeforeAll {
        $leftPath = Join-Path $TestDrive 'erp.db'
        $rightPath = Join-Path $TestDrive 'shop.db'
        $statePath = Join-Path $TestDrive 'state.db'
        $shared = 0..299 | ForEach-Object { 'cust-{0:d3}@x.test' -f $_ }
        $newLeft = 0..49 | ForEach-Object { 'left-{0:d3}@x.test' -f $_ }
        $newRight = 0..49 | ForEach-Object { 'right-{0:d3}@x.test' -f $_ }
        $cityUpdated = $shared[0..39]
        $phoneUpdated = $shared[100..139]
        New-CustomerTable $leftPath $shared
        New-CustomerTable $rightPath $shared

        $erp = New-ErpEndpoint -Name erp -Sqlite $leftPath -Table customers -Entity Customer
        $shop = New-ErpEndpoint -Name shop -Sqlite $rightPath -Table customers -Entity Customer
        $first = Sync-Bidirectional $erp $shop -StatePath $statePath -Confirm:$false

        # Both sides change: 50 creates and 40 city updates on the left, 50 creates and 40 phone updates on the right.
        Add-Customers $leftPath $newLeft
        Add-Customers $rightPath $newRight
        Invoke-Sql $leftPath "UPDATE customers SET City = 'Bergen ' || Email WHERE Email IN ('$($cityUpdated -join "','")')"
        Invoke-Sql $rightPath "UPDATE customers SET Phone = '999 ' || Email WHERE Email IN ('$($phoneUpdated -join "','")')"

        # The right side is written first in one batch of 90; the hook kills the child after that commit.
        $childScript = Join-Path $TestDrive 'crash.ps1'
        Set-Content -LiteralPath $childScript -Value @'
param($ManifestPath, $LeftPath, $RightPath, $StatePath)
Import-Module -Name $ManifestPath
$env:ERPSYNC_TEST_KILL_AFTER_WRITE = '1'
$erp = New-ErpEndpoint -Name erp -Sqlite $LeftPath -Table customers -Entity Customer
$shop = New-ErpEndpoint -Name shop -Sqlite $RightPath -Table customers -Entity Customer
Sync-Bidirectional $erp $shop -StatePath $StatePath -BatchSize 100 -Confirm:$false
exit 0
'@
        $childExitCode = Invoke-ChildScript $childScript @($manifestPath, $leftPath, $rightPath, $statePath)
        $rightAfterKill = Get-Counts $rightPath
        $leftAfterKill = Get-Counts $leftPath
        $baselinesAfterKill = (Invoke-Sql $statePath 'SELECT COUNT(*) AS N FROM baselines').N

        $rerun = Sync-Bidirectional $erp $shop -StatePath $statePath -Confirm:$false
        $third = Sync-Bidirectional $erp $shop -StatePath $statePath -Confirm:$false
    }

    It 'adopts the 300 equal customers on the first run' {
        $first.Adopted | Should -Be 300
    }

    It 'kills the child process' {
        $childExitCode | Should -Not -Be 0
    }

    It 'leaves the right side written and the baseline not committed at the kill' {
        # The right side holds its own 350 plus the 50 created from the left; the left is not written yet.
        $rightAfterKill.Total | Should -Be 400
        $leftAfterKill.Total | Should -Be 350
        $baselinesAfterKill | Should -Be 300
    }

    It 'adopts the 90 writes that committed before the kill' {
        $rerun.Adopted | Should -Be 90
        $rerun.CreatedRight | Should -Be 0
        $rerun.UpdatedRight | Should -Be 0
    }

    It 'writes the rest to the left side' {
        $rerun.CreatedLeft | Should -Be 50
        $rerun.UpdatedLeft | Should -Be 40
        $rerun.Unchanged | Should -Be 220
        $rerun.Conflicts | Should -Be 0
        $rerun.Rejected | Should -Be 0
    }

    It 'holds each of the 400 keys once on the <Side> side' -ForEach @(
        @{ Side = 'left'; Variable = 'leftPath' }
        @{ Side = 'right'; Variable = 'rightPath' }
    ) {
        $counts = Get-Counts (Get-Variable -Name $Variable -ValueOnly)
        $counts.Total | Should -Be 400
        $counts.Keys | Should -Be 400
    }

    It 'keeps every update on the <Side> side' -ForEach @(
        @{ Side = 'left'; Variable = 'leftPath' }
        @{ Side = 'right'; Variable = 'rightPath' }
    ) {
        $path = Get-Variable -Name $Variable -ValueOnly
        (Invoke-Sql $path "SELECT COUNT(*) AS N FROM customers WHERE City = 'Bergen ' || Email").N | Should -Be 40
        (Invoke-Sql $path "SELECT COUNT(*) AS N FROM customers WHERE Phone = '999 ' || Email").N | Should -Be 40
        (Invoke-Sql $path "SELECT COUNT(*) AS N FROM customers WHERE Email LIKE 'left-%' OR Email LIKE 'right-%'").N | Should -Be 100
    }

    It 'writes nothing on a third run' {
        $third.Unchanged | Should -Be 400
        $third.CreatedLeft + $third.CreatedRight + $third.UpdatedLeft + $third.UpdatedRight + $third.Adopted | Should -Be 0
    }
}
