# Starts and removes a throwaway PostgreSQL cluster for the tests. Dot-sourced by build.ps1.
# The cluster listens on 127.0.0.1 on a free port, keeps its data in a temporary folder, and the
# tests find it through the ERPSYNC_TEST_POSTGRES connection string.

$PostgresBinFolder = if ($env:ERPSYNC_POSTGRES_BIN) { $env:ERPSYNC_POSTGRES_BIN } else { '/usr/lib/postgresql/15/bin' }

# PostgreSQL refuses to run as root, so a root build runs the server binaries as this user.
$PostgresServiceUser = 'postgres'

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return ([System.Net.IPEndPoint] $listener.LocalEndpoint).Port
    }
    finally {
        $listener.Stop()
    }
}

function Test-RunningAsRoot {
    if (-not $IsLinux -and -not $IsMacOS) {
        return $false
    }
    return (& id -u) -eq '0'
}

# Runs a server binary, as the service user when this process is root, and throws on a non-zero exit.
function Invoke-PostgresBinary([string] $Name, [string[]] $Arguments, [switch] $AsServiceUser) {
    $path = Join-Path $PostgresBinFolder $Name
    $PSNativeCommandUseErrorActionPreference = $false
    if ($AsServiceUser) {
        $output = & runuser -u $PostgresServiceUser -- $path @Arguments 2>&1
    }
    else {
        $output = & $path @Arguments 2>&1
    }
    if ($LASTEXITCODE -ne 0) {
        throw "$Name exited with code ${LASTEXITCODE}: $($output -join [Environment]::NewLine)"
    }
}

<#
.SYNOPSIS
Starts a throwaway PostgreSQL cluster and returns its description, or $null when it cannot run here.
The result holds Folder, Port, ConnectionString and AsServiceUser (for Stop-PostgresTestServer), or
Skipped with the reason.
#>
function Start-PostgresTestServer {
    if ($env:ERPSYNC_TEST_POSTGRES) {
        return [pscustomobject]@{ Skipped = $null; Folder = $null; External = $true; ConnectionString = $env:ERPSYNC_TEST_POSTGRES }
    }

    $initdb = Join-Path $PostgresBinFolder 'initdb'
    if (-not (Test-Path -LiteralPath $initdb)) {
        return [pscustomobject]@{ External = $false; Folder = $null; ConnectionString = $null; Skipped = "PostgreSQL server binaries are not in $PostgresBinFolder (initdb missing), so the PostgreSQL tests are skipped. Install postgresql-15 or set ERPSYNC_POSTGRES_BIN." }
    }

    $asServiceUser = Test-RunningAsRoot
    $folder = Join-Path ([IO.Path]::GetTempPath()) ("erpsync-pg-" + [Guid]::NewGuid().ToString('N').Substring(0, 12))
    $dataFolder = Join-Path $folder 'data'
    $passwordFile = Join-Path $folder 'password'
    $password = [Guid]::NewGuid().ToString('N')
    $port = Get-FreeTcpPort
    $server = [pscustomobject]@{
        Skipped = $null; External = $false; Folder = $folder; Port = $port; AsServiceUser = $asServiceUser
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=erpsync;Password=$password;Database=erpsync_test"
    }

    New-Item -ItemType Directory -Path $folder | Out-Null
    Set-Content -LiteralPath $passwordFile -Value $password -NoNewline
    if ($asServiceUser) {
        & chown -R "${PostgresServiceUser}:" $folder
    }

    try {
        Invoke-PostgresBinary 'initdb' @('-D', $dataFolder, '-U', 'erpsync', "--pwfile=$passwordFile", '-E', 'UTF8', '--locale=C',
            '--auth-host=scram-sha-256', '--auth-local=trust') -AsServiceUser:$asServiceUser
        Remove-Item -LiteralPath $passwordFile -Force
        $options = "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c full_page_writes=off"
        Invoke-PostgresBinary 'pg_ctl' @('-D', $dataFolder, '-l', (Join-Path $folder 'server.log'), '-o', $options, '-w', '-t', '60', 'start') -AsServiceUser:$asServiceUser
        Invoke-PostgresBinary 'createdb' @('-h', $folder, '-p', "$port", '-U', 'erpsync', 'erpsync_test') -AsServiceUser:$asServiceUser
    }
    catch {
        Stop-PostgresTestServer $server
        throw "Starting the PostgreSQL test server failed: $($_.Exception.Message)"
    }

    return $server
}

function Stop-PostgresTestServer($Server) {
    if ($null -eq $Server -or $Server.Skipped -or $Server.External -or -not $Server.Folder) {
        return
    }

    $dataFolder = Join-Path $Server.Folder 'data'
    if (Test-Path -LiteralPath (Join-Path $dataFolder 'postmaster.pid')) {
        try {
            Invoke-PostgresBinary 'pg_ctl' @('-D', $dataFolder, '-m', 'immediate', '-w', 'stop') -AsServiceUser:$Server.AsServiceUser
        }
        catch {
            Write-Host "warning: stopping the PostgreSQL test server failed: $($_.Exception.Message)" -ForegroundColor Yellow
        }
    }
    Remove-Item -LiteralPath $Server.Folder -Recurse -Force -ErrorAction SilentlyContinue
}
