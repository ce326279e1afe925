#Requires -Version 7.4
<#
.SYNOPSIS
P1: migrates the products CSV into an SQLite table with Invoke-ErpMigration (upsert by SKU).
With -Pipeline it runs the pipeline form: Get-ErpRecord | Invoke-ErpMigration.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $DatabasePath,
    [Parameter(Mandatory)] [string] $StatePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [switch] $Pipeline
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$source = New-ErpEndpoint -Name products-csv -Csv $CsvPath -Entity Product
$target = New-ErpEndpoint -Name products-db -Sqlite $DatabasePath -Table products -Entity Product -CreateTable

if ($Pipeline) {
    $result = Get-ErpRecord $source | Invoke-ErpMigration -Target $target -StatePath $StatePath -JobName bench-migrate-pipeline
}
else {
    $result = Invoke-ErpMigration -Source $source -Target $target -StatePath $StatePath -JobName bench-migrate
}

$result | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue | Set-Content -LiteralPath $ResultPath
