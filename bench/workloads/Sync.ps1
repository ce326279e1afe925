#Requires -Version 7.4
<#
.SYNOPSIS
P2: syncs the customers tables of two SQLite databases with Sync-Bidirectional (left wins conflicts).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $LeftPath,
    [Parameter(Mandatory)] [string] $RightPath,
    [Parameter(Mandatory)] [string] $StatePath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$left = New-ErpEndpoint -Name erp -Sqlite $LeftPath -Table customers -Entity Customer
$right = New-ErpEndpoint -Name shop -Sqlite $RightPath -Table customers -Entity Customer

$result = Sync-Bidirectional -Left $left -Right $right -ConflictPolicy LeftWins -StatePath $StatePath -JobName bench-sync
$result | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue | Set-Content -LiteralPath $ResultPath
