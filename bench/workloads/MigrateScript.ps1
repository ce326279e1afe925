#Requires -Version 7.4
<#
.SYNOPSIS
P1 baseline: the script an administrator writes today. Import-Csv, then one upsert per row
inside one transaction, through the Microsoft.Data.Sqlite provider that the module ships.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $DatabasePath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Importing the module points Microsoft.Data.Sqlite at the module's native library; the provider
# assembly itself loads on first use, so load it from the module folder.
Import-Module $ModulePath
Add-Type -LiteralPath (Join-Path (Get-Module ErpSync).ModuleBase 'Microsoft.Data.Sqlite.dll')

$columns = 'Sku', 'Name', 'Description', 'Category', 'Supplier', 'Price', 'Cost', 'Stock', 'Active', 'ModifiedAt'
$connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$DatabasePath")
$connection.Open()

$create = $connection.CreateCommand()
$create.CommandText = 'CREATE TABLE IF NOT EXISTS products (Sku TEXT PRIMARY KEY, Name TEXT, Description TEXT, Category TEXT, Supplier TEXT, Price TEXT, Cost TEXT, Stock INTEGER, Active INTEGER, ModifiedAt TEXT)'
$null = $create.ExecuteNonQuery()

$transaction = $connection.BeginTransaction()
$upsert = $connection.CreateCommand()
$upsert.Transaction = $transaction
$updates = ($columns | Select-Object -Skip 1 | ForEach-Object { "$_ = excluded.$_" }) -join ', '
$upsert.CommandText = "INSERT INTO products ($($columns -join ', ')) VALUES ($(($columns | ForEach-Object { "`$$_" }) -join ', ')) ON CONFLICT (Sku) DO UPDATE SET $updates"

$rows = 0
foreach ($row in Import-Csv -LiteralPath $CsvPath) {
    $upsert.Parameters.Clear()
    foreach ($column in $columns) {
        $null = $upsert.Parameters.AddWithValue("`$$column", $row.$column)
    }
    $null = $upsert.ExecuteNonQuery()
    $rows++
}

$transaction.Commit()
$connection.Close()

@{ Written = $rows } | ConvertTo-Json | Set-Content -LiteralPath $ResultPath
