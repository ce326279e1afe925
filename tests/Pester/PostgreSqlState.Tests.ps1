# Runs Invoke-ErpMigration and Sync-Bidirectional from the built module in module/ErpSync with
# their state store in PostgreSQL: two processes that start the same job at once (one runs, the
# other fails with JobAlreadyRunning), the same results as with a SQLite state file, and no password
# in any output, error, run record or state row. Needs the server that ERPSYNC_TEST_POSTGRES names ('dotnet pwsh
# ./build.ps1 Test' starts one); without it every test is skipped.

BeforeAll {
    $moduleFolder = (Resolve-Path (Join-Path $PSScriptRoot '../../module/ErpSync')).Path
    $manifestPath = Join-Path $moduleFolder 'ErpSync.psd1'
    Import-Module -Name $manifestPath -Force
    Add-Type -Path (Join-Path $moduleFolder 'Npgsql.dll')
    $skipReason = 'ERPSYNC_TEST_POSTGRES is not set, so there is no PostgreSQL server to test against; run ./build.ps1 Test.'
    $serverConnectionString = $env:ERPSYNC_TEST_POSTGRES

    function Invoke-Postgres([string] $ConnectionString, [string] $Sql) {
        $connection = [Npgsql.NpgsqlConnection]::new($ConnectionString)
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

    # Returns every text value of every table in the state store's schema, as table.column: value.
    function Get-StateText([string] $ConnectionString) {
        $columns = Invoke-Postgres $ConnectionString "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'erpsync'"
        foreach ($column in $columns) {
            $sql = "SELECT `"$($column.column_name)`"::text AS value FROM erpsync.`"$($column.table_name)`" WHERE `"$($column.column_name)`" IS NOT NULL"
            Invoke-Postgres $ConnectionString $sql | ForEach-Object { "$($column.table_name).$($column.column_name): $($_.value)" }
        }
    }

    function New-ProductCsv([string] $Path, [int] $Count) {
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('Sku,Name,Price,Stock')
        for ($i = 1; $i -le $Count; $i++) {
            $lines.Add(('SKU-{0:d5},Product {0},{1}.{2:d2},{3}' -f $i, ($i % 90 + 1), ($i % 100), ($i % 40)))
        }
        [IO.File]::WriteAllLines($Path, $lines)
    }

    # Starts this same PowerShell as a child process; under 'dotnet pwsh' that needs pwsh.dll.
    function Start-ChildScript([string] $ScriptPath, [string[]] $Arguments, [string] $OutputPath) {
        $processPath = [Environment]::ProcessPath
        $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $prefix = @(Join-Path $PSHOME 'pwsh.dll')
        }
        Start-Process -FilePath $processPath -ArgumentList (@($prefix) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $Arguments) `
            -RedirectStandardOutput $OutputPath -RedirectStandardError "$OutputPath.err" -PassThru
    }

    if ($serverConnectionString) {
        $databaseName = 'erpsync_pgstate_' + [Guid]::NewGuid().ToString('N').Substring(0, 12)
        Invoke-Postgres $serverConnectionString "CREATE DATABASE $databaseName" | Out-Null
        $builder = [Npgsql.NpgsqlConnectionStringBuilder]::new($serverConnectionString)
        $builder.Database = $databaseName
        $password = $builder.Password
        $stateConnectionString = $builder.ConnectionString
        $stateUri = "postgresql://$($builder.Username):$password@$($builder.Host):$($builder.Port)/$databaseName"
        $stateDisplay = "postgresql://$($builder.Username)@$($builder.Host):$($builder.Port)/$databaseName"
    }
}

AfterAll {
    Remove-Module -Name ErpSync -Force -ErrorAction SilentlyContinue
    if ($serverConnectionString) {
        [Npgsql.NpgsqlConnection]::ClearAllPools()
        Invoke-Postgres $serverConnectionString "DROP DATABASE IF EXISTS $databaseName WITH (FORCE)" | Out-Null
    }
}

Describe 'Invoke-ErpMigration with the state store in PostgreSQL' {
    BeforeAll {
        if (-not $serverConnectionString) {
            return
        }

        $sourcePath = Join-Path $TestDrive 'products.csv'
        New-ProductCsv $sourcePath 20000

        $childScript = Join-Path $TestDrive 'race.ps1'
        Set-Content -LiteralPath $childScript -Value @'
param($ManifestPath, $SourcePath, $TargetPath, $StatePath, $BarrierPath, $ResultPath)
Import-Module -Name $ManifestPath
$source = New-ErpEndpoint -Name source -Csv $SourcePath -Entity Product
$target = New-ErpEndpoint -Name shop -Sqlite $TargetPath -Table products -Entity Product -CreateTable
Set-Content -LiteralPath "$ResultPath.ready" -Value $PID
while (-not (Test-Path -LiteralPath $BarrierPath)) {
    Start-Sleep -Milliseconds 2
}
try {
    $result = Invoke-ErpMigration -Source $source -Target $target -StatePath $StatePath -JobName race -Verbose -ErrorAction Stop 4>&1 |
        ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { Write-Output "VERBOSE: $($_.Message)" } else { $_ } }
    $summary = $result | Where-Object { $_ -isnot [string] }
    $result | Where-Object { $_ -is [string] } | Write-Output
    [pscustomobject]@{ ProcessId = $PID; Status = [string]$summary.Status; Created = $summary.Created; ErrorId = $null; Message = $null } |
        ConvertTo-Json | Set-Content -LiteralPath $ResultPath
}
catch {
    [pscustomobject]@{ ProcessId = $PID; Status = 'Failed'; Created = 0; ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message } |
        ConvertTo-Json | Set-Content -LiteralPath $ResultPath
}
'@
        $barrierPath = Join-Path $TestDrive 'go'
        $children = foreach ($name in 'a', 'b') {
            $location = if ($name -eq 'a') { $stateConnectionString } else { $stateUri }
            $arguments = @($manifestPath, $sourcePath, (Join-Path $TestDrive "shop-$name.db"), $location, $barrierPath, (Join-Path $TestDrive "result-$name.json"))
            [pscustomobject]@{
                Name = $name
                Process = Start-ChildScript $childScript $arguments (Join-Path $TestDrive "output-$name.txt")
            }
        }

        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        while (@('a', 'b' | Where-Object { -not (Test-Path -LiteralPath (Join-Path $TestDrive "result-$_.json.ready")) }).Count -gt 0 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 20
        }
        Set-Content -LiteralPath $barrierPath -Value 'go'
        foreach ($child in $children) {
            if (-not $child.Process.WaitForExit(180000)) {
                $child.Process.Kill()
            }
        }

        $results = foreach ($name in 'a', 'b') {
            Get-Content -LiteralPath (Join-Path $TestDrive "result-$name.json") -Raw | ConvertFrom-Json
        }
        $winner = @($results | Where-Object Status -eq 'Succeeded')
        $loser = @($results | Where-Object ErrorId)
        $childOutput = foreach ($name in 'a', 'b') {
            Get-Content -LiteralPath (Join-Path $TestDrive "output-$name.txt") -Raw
            Get-Content -LiteralPath (Join-Path $TestDrive "output-$name.txt.err") -Raw
            Get-Content -LiteralPath (Join-Path $TestDrive "result-$name.json") -Raw
        }

        # The same migration again, in this process, once with the state in PostgreSQL and once in SQLite.
        $source = New-ErpEndpoint -Name source -Csv $sourcePath -Entity Product
        $postgresTarget = New-ErpEndpoint -Name shop -Sqlite (Join-Path $TestDrive 'shop-postgres.db') -Table products -Entity Product -CreateTable
        $sqliteTarget = New-ErpEndpoint -Name shop -Sqlite (Join-Path $TestDrive 'shop-sqlite.db') -Table products -Entity Product -CreateTable
        $inProcessOutput = [System.Collections.Generic.List[string]]::new()
        $onPostgres = foreach ($run in 1, 2) {
            Invoke-ErpMigration -Source $source -Target $postgresTarget -StatePath $stateUri -JobName same -Verbose 4>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $inProcessOutput.Add($_.Message) } else { $_ } }
        }
        $onSqlite = foreach ($run in 1, 2) {
            Invoke-ErpMigration -Source $source -Target $sqliteTarget -StatePath (Join-Path $TestDrive 'state.db') -JobName same
        }
        $runs = @(Get-ErpSyncRun -StatePath $stateConnectionString -Verbose 4>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $inProcessOutput.Add($_.Message) } else { $_ } })
        $badPasswordError = $null
        try {
            Get-ErpSyncRun -StatePath ($stateUri -replace [regex]::Escape(":$password@"), ":Wrong$password@") -ErrorAction Stop
        }
        catch {
            $badPasswordError = $_
        }
    }

    It 'lets exactly one of two simultaneous processes run the job' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $winner.Count | Should -Be 1
        $winner[0].Created | Should -Be 20000
        $loser.Count | Should -Be 1
    }

    It 'fails the other process with JobAlreadyRunning naming the holder' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $loser[0].ErrorId | Should -BeLike 'JobAlreadyRunning,*'
        $loser[0].Message | Should -BeLike "*The job 'race' is already running: run * by process $($winner[0].ProcessId) on $([Environment]::MachineName),*"
    }

    It 'records both runs and leaves the lock free' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $raceRuns = @($runs | Where-Object JobName -eq 'race')
        $raceRuns.Count | Should -Be 2
        @($raceRuns | Where-Object Status -eq 'Succeeded').ProcessId | Should -Be $winner[0].ProcessId
        @($raceRuns | Where-Object Status -eq 'Failed').ProcessId | Should -Be $loser[0].ProcessId
        (Invoke-Postgres $stateConnectionString 'SELECT COUNT(*) AS n FROM erpsync.locks').n | Should -Be 0
    }

    It 'gives the same results as with the state in SQLite' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $postgresCounts = $onPostgres | ForEach-Object { "$($_.Status) read=$($_.Read) created=$($_.Created) updated=$($_.Updated) unchanged=$($_.Unchanged) rejected=$($_.Rejected)" }
        $sqliteCounts = $onSqlite | ForEach-Object { "$($_.Status) read=$($_.Read) created=$($_.Created) updated=$($_.Updated) unchanged=$($_.Unchanged) rejected=$($_.Rejected)" }
        $postgresCounts | Should -Be $sqliteCounts
        $postgresCounts[0] | Should -Be 'Succeeded read=20000 created=20000 updated=0 unchanged=0 rejected=0'
        $postgresCounts[1] | Should -Be 'Succeeded read=20000 created=0 updated=0 unchanged=20000 rejected=0'
    }

    It 'names the store without its password in verbose output' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $inProcessOutput | Where-Object { $_ -like "*$stateDisplay*" } | Should -Not -BeNullOrEmpty
    }

    It 'rejects a wrong password with an error that names the store' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $badPasswordError.FullyQualifiedErrorId | Should -BeLike 'StateStoreError,*'
        $badPasswordError.Exception.Message | Should -BeLike "*'$stateDisplay'*rejected the login*"
    }

    It 'shows the password in no output, error, run record or state row' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $everything = @($childOutput) + @($inProcessOutput) + @($runs | ConvertTo-Json -Depth 5) +
            @($onPostgres | ConvertTo-Json -Depth 5) + @($badPasswordError | Out-String) + @($badPasswordError.Exception.ToString()) +
            @(Get-StateText $stateConnectionString)
        $everything.Count | Should -BeGreaterThan 10
        $everything | Where-Object { $_ -and $_.Contains($password) } | Should -BeNullOrEmpty
    }
}

Describe 'Sync-Bidirectional with the state store in PostgreSQL' {
    BeforeAll {
        if (-not $serverConnectionString) {
            return
        }

        Add-Type -Path (Join-Path $moduleFolder 'Microsoft.Data.Sqlite.dll')
        function Invoke-Sqlite([string] $Path, [string] $Sql) {
            $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path;Pooling=False")
            try {
                $connection.Open()
                $command = $connection.CreateCommand()
                $command.CommandText = $Sql
                [void] $command.ExecuteNonQuery()
            }
            finally {
                $connection.Dispose()
            }
        }

        # Adopts three customers, then changes both sides: a new customer on each, and one customer
        # whose city changed on the left and whose phone changed on the right, which is a conflict
        # until Resolve-ErpConflict keeps the right side.
        function Invoke-SyncScenario([string] $Folder, [string] $StateLocation) {
            New-Item -ItemType Directory -Path $Folder | Out-Null
            $leftPath = Join-Path $Folder 'erp.db'
            $rightPath = Join-Path $Folder 'shop.db'
            foreach ($path in $leftPath, $rightPath) {
                Invoke-Sqlite $path "CREATE TABLE customers (Email TEXT PRIMARY KEY, Name TEXT, Phone TEXT, City TEXT); INSERT INTO customers VALUES ('ann@x.test', 'Ann', '111', 'Oslo'), ('bob@x.test', 'Bob', '222', 'Rome'), ('cid@x.test', 'Cid', '333', 'Lima')"
            }
            $erp = New-ErpEndpoint -Name erp -Sqlite $leftPath -Table customers -Entity Customer
            $shop = New-ErpEndpoint -Name shop -Sqlite $rightPath -Table customers -Entity Customer
            Sync-Bidirectional $erp $shop -StatePath $StateLocation -Confirm:$false
            Invoke-Sqlite $leftPath "INSERT INTO customers VALUES ('dan@x.test', 'Dan', '444', 'Kyiv'); UPDATE customers SET City = 'Bergen' WHERE Email = 'ann@x.test'"
            Invoke-Sqlite $rightPath "INSERT INTO customers VALUES ('eve@x.test', 'Eve', '555', 'Riga'); UPDATE customers SET Phone = '999' WHERE Email = 'ann@x.test'"
            Sync-Bidirectional $erp $shop -StatePath $StateLocation -Confirm:$false
            $conflicts = @(Get-ErpConflict -StatePath $StateLocation)
            "conflicts: $($conflicts.Key -join ',')"
            $conflicts | Resolve-ErpConflict -Use Right -StatePath $StateLocation -Confirm:$false | Out-Null
            Sync-Bidirectional $erp $shop -StatePath $StateLocation -Confirm:$false
            Sync-Bidirectional $erp $shop -StatePath $StateLocation -Confirm:$false
            foreach ($endpoint in $erp, $shop) {
                ($endpoint | Get-ErpRecord | Sort-Object Email | ForEach-Object { "$($_.Email)=$($_.Name)|$($_.Phone)|$($_.City)" }) -join ' '
            }
        }

        $onSqlite = @(Invoke-SyncScenario (Join-Path $TestDrive 'sync-sqlite') (Join-Path $TestDrive 'sync-state.db') |
            ForEach-Object { if ($_ -is [string]) { $_ } else { "adopted=$($_.Adopted) createdLeft=$($_.CreatedLeft) createdRight=$($_.CreatedRight) updatedLeft=$($_.UpdatedLeft) updatedRight=$($_.UpdatedRight) conflicts=$($_.Conflicts) unchanged=$($_.Unchanged)" } })
        $onPostgres = @(Invoke-SyncScenario (Join-Path $TestDrive 'sync-postgres') $stateUri |
            ForEach-Object { if ($_ -is [string]) { $_ } else { "adopted=$($_.Adopted) createdLeft=$($_.CreatedLeft) createdRight=$($_.CreatedRight) updatedLeft=$($_.UpdatedLeft) updatedRight=$($_.UpdatedRight) conflicts=$($_.Conflicts) unchanged=$($_.Unchanged)" } })
        $syncRuns = @(Get-ErpSyncRun -StatePath $stateConnectionString | Where-Object Pattern -eq 'Bidirectional')
    }

    It 'gives the same results as with the state in SQLite' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $onPostgres | Should -Be $onSqlite
        $onPostgres[0] | Should -Be 'adopted=3 createdLeft=0 createdRight=0 updatedLeft=0 updatedRight=0 conflicts=0 unchanged=0'
        $onPostgres[1] | Should -Be 'adopted=0 createdLeft=1 createdRight=1 updatedLeft=0 updatedRight=0 conflicts=1 unchanged=2'
        $onPostgres[2] | Should -Be 'conflicts: ann@x.test'
        $onPostgres[3] | Should -Be 'adopted=0 createdLeft=0 createdRight=0 updatedLeft=1 updatedRight=0 conflicts=0 unchanged=4'
        $onPostgres[4] | Should -Be 'adopted=0 createdLeft=0 createdRight=0 updatedLeft=0 updatedRight=0 conflicts=0 unchanged=5'
    }

    It 'leaves both sides with the same five customers' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $expected = 'ann@x.test=Ann|999|Oslo bob@x.test=Bob|222|Rome cid@x.test=Cid|333|Lima dan@x.test=Dan|444|Kyiv eve@x.test=Eve|555|Riga'
        $onPostgres[5] | Should -Be $expected
        $onPostgres[6] | Should -Be $expected
    }

    It 'records the four sync runs in PostgreSQL' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $syncRuns.Count | Should -Be 4
        $syncRuns.Status | Sort-Object -Unique | Should -Be 'Succeeded'
    }

    It 'keeps the password out of every state row' {
        if (-not $serverConnectionString) { Set-ItResult -Skipped -Because $skipReason; return }

        $text = @(Get-StateText $stateConnectionString)
        $text | Where-Object { $_ -like 'baselines.display_key: ann@x.test' } | Should -Not -BeNullOrEmpty
        $text | Where-Object { $_.Contains($password) } | Should -BeNullOrEmpty
    }
}
