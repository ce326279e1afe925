<#
.SYNOPSIS
Runs the ErpSync demo: loads the Northwind ERP into SQLite and runs every step in samples/demo.

.DESCRIPTION
Creates a workspace folder, imports the built module from module/ErpSync, builds the ERP database
with samples/northwind/Import-Northwind.ps1, then dot-sources each samples/demo/NN-*.ps1 step in
name order. Every step sees these variables:
  $Workspace    the workspace folder
  $ErpDatabase  the Northwind ERP SQLite database in the workspace
  $StatePath    the ErpSync state store in the workspace
  $Samples      the samples folder
The demo never touches the default state store in the user's data folder.

.PARAMETER Workspace
The folder for the demo's databases and files. Defaults to a new erpsync-demo-<timestamp> folder
in the system's temporary folder.

.EXAMPLE
./build.ps1 Build; ./samples/demo.ps1
#>
[CmdletBinding()]
param(
    [string] $Workspace = (Join-Path ([IO.Path]::GetTempPath()) ('erpsync-demo-' + (Get-Date -Format 'yyyyMMdd-HHmmss')))
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Samples = $PSScriptRoot
$repositoryRoot = Split-Path -Parent $Samples
$modulePath = Join-Path $repositoryRoot module/ErpSync
if (-not (Test-Path (Join-Path $modulePath ErpSync.psd1))) {
    throw "The ErpSync module is not built: '$modulePath' has no ErpSync.psd1. Run ./build.ps1 Build in '$repositoryRoot' first."
}

Import-Module $modulePath -Force

New-Item -ItemType Directory -Path $Workspace -Force | Out-Null
$Workspace = (Resolve-Path $Workspace).Path
Write-Host "ErpSync demo workspace: $Workspace"

$ErpDatabase = Join-Path $Workspace erp.db
$StatePath = Join-Path $Workspace state.db

Write-Host "Loading the Northwind ERP into $ErpDatabase"
& (Join-Path $Samples northwind/Import-Northwind.ps1) -DatabasePath $ErpDatabase -Force | Out-Null

foreach ($step in Get-ChildItem (Join-Path $Samples demo) -Filter '*.ps1' | Sort-Object Name) {
    Write-Host ''
    . $step.FullName
}

Write-Host ''
Write-Host "The demo finished. Its files are in $Workspace"
