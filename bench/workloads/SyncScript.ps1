#Requires -Version 7.4
<#
.SYNOPSIS
P2 baseline: the script an administrator writes today. Reads both customers tables through the
Microsoft.Data.Sqlite provider that the module ships and compares them with Compare-Object.
It only finds the differences; it writes nothing and keeps no baseline.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $LeftPath,
    [Parameter(Mandatory)] [string] $RightPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# Importing the module points Microsoft.Data.Sqlite at the module's native library; the provider
# assembly itself loads on first use, so load it from the module folder.
Import-Module $ModulePath
Add-Type -LiteralPath (Join-Path (Get-Module ErpSync).ModuleBase 'Microsoft.Data.Sqlite.dll')

function Read-Customers([string] $Path) {
    $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path;Mode=ReadOnly")
    $connection.Open()
    $command = $connection.CreateCommand()
    $command.CommandText = 'SELECT * FROM customers ORDER BY Email'
    $reader = $command.ExecuteReader()
    $rows = [System.Collections.Generic.List[object]]::new()
    while ($reader.Read()) {
        $row = [ordered]@{}
        for ($i = 0; $i -lt $reader.FieldCount; $i++) {
            $row[$reader.GetName($i)] = $reader.GetValue($i)
        }
        $rows.Add([pscustomobject]$row)
    }
    $reader.Dispose()
    $connection.Close()
    return $rows
}

$left = Read-Customers $LeftPath
$right = Read-Customers $RightPath
$properties = 'Email', 'Name', 'Company', 'Phone', 'Street', 'City', 'PostalCode', 'Country', 'ModifiedAt'
$differences = @(Compare-Object -ReferenceObject $left -DifferenceObject $right -Property $properties)

@{ Left = $left.Count; Right = $right.Count; Differences = $differences.Count } | ConvertTo-Json |
    Set-Content -LiteralPath $ResultPath
