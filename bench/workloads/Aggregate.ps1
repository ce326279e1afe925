#Requires -Version 7.4
<#
.SYNOPSIS
P4: merges the orders of three shops (SQLite) into one ERP table with Merge-Aggregate. The shops
number their orders alike, so each shop's keys get a prefix.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string[]] $SourcePath,
    [Parameter(Mandatory)] [string] $TargetPath,
    [Parameter(Mandatory)] [string] $StatePath,
    [Parameter(Mandatory)] [string] $ResultPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

# pwsh -File passes the list as one comma-separated argument.
$SourcePath = @($SourcePath -split ',')

$prefixes = @{}
$sources = for ($i = 0; $i -lt $SourcePath.Count; $i++) {
    $name = "shop$($i + 1)"
    $prefixes[$name] = "S$($i + 1)-"
    New-ErpEndpoint -Name $name -Sqlite $SourcePath[$i] -Table orders -Entity Order
}
$target = New-ErpEndpoint -Name erp -Sqlite $TargetPath -Table orders -Entity Order -CreateTable

$result = Merge-Aggregate -Source $sources -Target $target -KeyPrefix $prefixes -StatePath $StatePath -JobName bench-aggregate
$result | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue | Set-Content -LiteralPath $ResultPath
