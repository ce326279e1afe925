#Requires -Version 7.4
<#
.SYNOPSIS
P3: one broadcast cycle (Start-Broadcast -Once) from an SQLite products table to three SQLite targets.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string[]] $TargetPath,
    [Parameter(Mandatory)] [string] $StatePath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# pwsh -File passes the list as one comma-separated argument.
$TargetPath = @($TargetPath -split ',')

$source = New-ErpEndpoint -Name erp -Sqlite $SourcePath -Table products -Entity Product
$targets = for ($i = 0; $i -lt $TargetPath.Count; $i++) {
    New-ErpEndpoint -Name "shop$($i + 1)" -Sqlite $TargetPath[$i] -Table products -Entity Product -CreateTable
}

$result = Start-Broadcast -Source $source -Target $targets -Once -StatePath $StatePath -JobName bench-broadcast
$result | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue | Set-Content -LiteralPath $ResultPath
