<#
.SYNOPSIS
Installs, starts and stops the Tryton ERP and the Vendure shop that the end-to-end tests run against.

.DESCRIPTION
Both systems listen on 127.0.0.1 on free ports and keep their data in a folder of the caller's
choice, so every run starts from fresh databases. Tryton comes from Debian packages; Vendure from
npm, installed once into a cache folder outside the repository.
#>

Set-StrictMode -Version 3.0

$TrytonPackages = @(
    'tryton-server', 'tryton-modules-product', 'tryton-modules-stock', 'tryton-modules-sale',
    'tryton-modules-party', 'tryton-modules-company', 'tryton-modules-currency', 'tryton-modules-account'
)
$VendurePackages = @('@vendure/core@3.7.3', 'better-sqlite3@12')

# Returns the folder that holds the Vendure npm install, outside the repository.
function Get-E2ECacheFolder {
    $root = if ($env:ERPSYNC_E2E_CACHE) { $env:ERPSYNC_E2E_CACHE } else { Join-Path ([IO.Path]::GetTempPath()) 'erpsync-e2e-cache' }
    New-Item -ItemType Directory -Path $root -Force | Out-Null
    return $root
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try {
        return $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function Install-Tryton {
    if (Get-Command trytond -ErrorAction SilentlyContinue) {
        return
    }

    Write-Host "Installing Tryton from Debian packages: $($TrytonPackages -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq | Out-Host
    & apt-get install -y -qq --no-install-recommends @TrytonPackages | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "apt-get could not install the Tryton packages (exit code $LASTEXITCODE)."
    }
}

# Returns the folder whose node_modules holds Vendure, installing it there when it is missing.
function Install-Vendure {
    $folder = Join-Path (Get-E2ECacheFolder) 'vendure'
    if (Test-Path -LiteralPath (Join-Path $folder 'node_modules/@vendure/core/package.json')) {
        return $folder
    }

    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        throw 'npm is not installed; the Vendure tests need Node.js 20 and npm.'
    }

    Write-Host "Installing Vendure into $folder with npm (about 2 minutes): $($VendurePackages -join ', ')"
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    '{ "name": "erpsync-e2e-vendure", "version": "1.0.0", "private": true }' |
        Set-Content -LiteralPath (Join-Path $folder 'package.json') -Encoding utf8NoBOM
    Push-Location $folder
    try {
        & npm install --no-audit --no-fund @VendurePackages | Out-Host
        if ($LASTEXITCODE -ne 0) {
            throw "npm could not install Vendure into $folder (exit code $LASTEXITCODE)."
        }
    }
    finally {
        Pop-Location
    }
    return $folder
}

# Starts a program in the background with its output appended to a log file and the given
# environment. A shell does the redirection and then replaces itself with the program, so the
# returned process is the program itself and no PowerShell code runs on .NET's reader threads.
function Start-LoggedProcess([string] $FilePath, [string[]] $Arguments, [string] $LogPath, [hashtable] $Environment = @{}) {
    $info = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    foreach ($argument in @('-c', 'exec "$@" >>"$ERPSYNC_E2E_LOG" 2>&1', 'sh', $FilePath) + $Arguments) {
        $info.ArgumentList.Add($argument)
    }
    $info.Environment['ERPSYNC_E2E_LOG'] = $LogPath
    foreach ($name in $Environment.Keys) {
        $info.Environment[$name] = [string] $Environment[$name]
    }
    $info.UseShellExecute = $false
    return [System.Diagnostics.Process]::Start($info)
}

function Wait-TcpPort([int] $Port, [System.Diagnostics.Process] $Process, [string] $LogPath, [int] $TimeoutSeconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) {
            throw "The process $($Process.StartInfo.FileName) exited with code $($Process.ExitCode) before it listened on port $Port; see $LogPath."
        }
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect([System.Net.IPAddress]::Loopback, $Port)
            return
        }
        catch [System.Net.Sockets.SocketException] {
            Start-Sleep -Milliseconds 250
        }
        finally {
            $client.Dispose()
        }
    }
    throw "Nothing listened on 127.0.0.1:$Port within $TimeoutSeconds s; see $LogPath."
}

function Invoke-TrytonCall($Server, [string] $Method, [object[]] $Parameters) {
    $body = @{ id = 1; method = $Method; params = $Parameters } | ConvertTo-Json -Depth 20 -Compress
    $headers = @{}
    if ($Server.Session) {
        $headers.Authorization = $Server.Session
    }
    $answer = Invoke-RestMethod -Uri "$($Server.Url)$($Server.Database)/" -Method Post -Body $body -ContentType 'application/json' -Headers $headers
    if ($answer.PSObject.Properties['error'] -and $null -ne $answer.error) {
        throw "Tryton rejected ${Method}: $($answer.error | ConvertTo-Json -Depth 5 -Compress)"
    }
    return $answer.result
}

function Connect-Tryton($Server) {
    $Server.Session = $null
    $login = Invoke-TrytonCall $Server 'common.db.login' @('admin', @{ password = $Server.Password }, 'en')
    $token = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("admin:$($login[0]):$($login[1])"))
    $Server.Session = "Session $token"
}

# Creates what a fresh Tryton database needs before it can hold sales: currencies, a company and
# the admin user attached to it.
function Initialize-TrytonCompany($Server) {
    Connect-Tryton $Server
    $context = @{}
    $decimal = { param($text) @{ __class__ = 'Decimal'; decimal = $text } }
    $currencies = Invoke-TrytonCall $Server 'model.currency.currency.create' @(
        @(
            @{ name = 'Euro'; code = 'EUR'; symbol = 'EUR'; digits = 2; rounding = (& $decimal '0.01') },
            @{ name = 'US Dollar'; code = 'USD'; symbol = 'USD'; digits = 2; rounding = (& $decimal '0.01') }
        ), $context)
    $party = Invoke-TrytonCall $Server 'model.party.party.create' @(@(@{ name = 'ErpSync Test Company' }), $context)
    $company = Invoke-TrytonCall $Server 'model.company.company.create' @(@(@{ party = $party[0]; currency = $currencies[0] }), $context)
    Invoke-TrytonCall $Server 'model.res.user.write' @(@(1), @{ companies = @(, @('add', @($company[0]))); company = $company[0] }, $context) | Out-Null
    Connect-Tryton $Server
}

<#
.SYNOPSIS
Creates a fresh Tryton database in a folder, starts trytond on a free port and returns the server.
#>
function Start-TrytonServer([string] $Folder, [string] $Password) {
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $port = Get-FreeTcpPort
    $database = 'erpsync'
    $configPath = Join-Path $Folder 'trytond.conf'
    @(
        '[database]', 'uri = sqlite://', "path = $Folder",
        '[web]', "listen = 127.0.0.1:$port",
        '[session]', 'timeout = 3600'
    ) | Set-Content -LiteralPath $configPath -Encoding utf8NoBOM
    $passwordPath = Join-Path $Folder 'admin-password'
    [IO.File]::WriteAllText($passwordPath, $Password)
    New-Item -ItemType File -Path (Join-Path $Folder "$database.sqlite") -Force | Out-Null

    $adminLog = Join-Path $Folder 'trytond-admin.log'
    $admin = Start-LoggedProcess 'trytond-admin' @(
        '-c', $configPath, '-d', $database, '--all', '--email', 'admin@example.com',
        '-u', 'product', 'stock', 'sale', 'party', 'company', 'currency', 'account', '--activate-dependencies'
    ) $adminLog @{ TRYTONPASSFILE = $passwordPath }
    $admin.WaitForExit()
    if ($admin.ExitCode -ne 0) {
        throw "trytond-admin could not create the Tryton database (exit code $($admin.ExitCode)); see $adminLog."
    }
    Remove-Item -LiteralPath $passwordPath

    $logPath = Join-Path $Folder 'trytond.log'
    $process = Start-LoggedProcess 'trytond' @('-c', $configPath) $logPath
    Wait-TcpPort $port $process $logPath
    $server = [pscustomobject]@{
        Url      = "http://127.0.0.1:$port/"
        Database = $database
        Password = $Password
        Process  = $process
        Session  = $null
    }
    Initialize-TrytonCompany $server
    return $server
}

<#
.SYNOPSIS
Starts Vendure on a port with its database in a folder; a missing database is created and filled
with reference data first. Returns the server, which Restart-VendureServer can start again.
#>
function Start-VendureServer([string] $Folder, [string] $Password, [int] $Port = 0) {
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $installFolder = Install-Vendure
    if ($Port -eq 0) {
        $Port = Get-FreeTcpPort
    }
    $databasePath = Join-Path $Folder 'vendure.sqlite'
    $environment = @{
        VENDURE_DISABLE_TELEMETRY = 'true'
        NODE_PATH                 = Join-Path $installFolder 'node_modules'
        ERPSYNC_VENDURE_PORT      = $Port
        ERPSYNC_VENDURE_PASSWORD  = $Password
        ERPSYNC_VENDURE_DATABASE  = $databasePath
    }
    $node = (Get-Command node).Source
    $logPath = Join-Path $Folder 'vendure.log'

    if (-not (Test-Path -LiteralPath $databasePath)) {
        $populate = Start-LoggedProcess $node @((Join-Path $PSScriptRoot 'vendure/populate.js')) (Join-Path $Folder 'populate.log') $environment
        $populate.WaitForExit()
        if ($populate.ExitCode -ne 0) {
            throw "Vendure could not create its database (exit code $($populate.ExitCode)); see $(Join-Path $Folder 'populate.log')."
        }
    }

    $process = Start-LoggedProcess $node @((Join-Path $PSScriptRoot 'vendure/server.js')) $logPath $environment
    Wait-TcpPort $Port $process $logPath -TimeoutSeconds 90
    return [pscustomobject]@{
        Url      = "http://127.0.0.1:$Port/admin-api"
        Port     = $Port
        Folder   = $Folder
        Password = $Password
        Process  = $process
    }
}

# Starts a stopped Vendure server again on the same port and database.
function Restart-VendureServer($Server) {
    $restarted = Start-VendureServer -Folder $Server.Folder -Password $Server.Password -Port $Server.Port
    $Server.Process = $restarted.Process
}

# Stops a server's process at once, as a crash would; tolerates one that already exited.
function Stop-E2EServer($Server) {
    if ($null -eq $Server -or $null -eq $Server.Process) {
        return
    }
    if (-not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit(10000) | Out-Null
    }
}

Export-ModuleMember -Function Install-Tryton, Install-Vendure, Start-TrytonServer, Start-VendureServer,
    Restart-VendureServer, Stop-E2EServer, Invoke-TrytonCall, Connect-Tryton, Get-FreeTcpPort
