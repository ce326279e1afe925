<#
.SYNOPSIS
Creates a SQLite database from the Northwind PostgreSQL dump, with ERP views for the ErpSync demos.

.DESCRIPTION
Parses the CREATE TABLE, INSERT and ALTER TABLE ... ADD CONSTRAINT statements of northwind.sql,
creates the same tables in a new SQLite database with their primary and foreign keys, and inserts
all rows in one transaction. PostgreSQL real values (prices, discounts, freight) are stored as
exact decimal TEXT rounded to 7 significant digits, so 21.3500004 becomes '21.35'.

It then adds the ERP layer that the demos read:
  erp_products     view   sku, name, category, supplier, quantity_per_unit, price, stock, discontinued
  erp_customers    view   email, name, company, phone, street, city, postal_code, country
  erp_orders       table  order_number, customer_email, order_date, ship_country, total
  erp_order_lines  view   order_number, sku, name, quantity, unit_price, discount
  erp_stock        table  sku, location, quantity

The script writes to a temporary file beside DatabasePath and moves it into place only after the
import succeeded, so a failed run leaves an existing database unchanged.

Microsoft.Data.Sqlite is loaded from the built ErpSync module (module/ErpSync under the
repository root), so run ./build.ps1 Build first, or pass -SqliteAssemblyPath.

.PARAMETER DatabasePath
Path of the SQLite database file to create. Its folder is created when missing.

.PARAMETER SqlPath
Path of the PostgreSQL dump. Defaults to northwind.sql beside this script.

.PARAMETER SqliteAssemblyPath
Path of Microsoft.Data.Sqlite.dll to load in place of the one in the built module. The native
SQLite library must lie beside it or under runtimes/<RID>/native, as in a dotnet publish output.

.PARAMETER Force
Replaces an existing file at DatabasePath.

.EXAMPLE
./samples/northwind/Import-Northwind.ps1 -DatabasePath ./northwind.db
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DatabasePath,
    [string] $SqlPath = (Join-Path $PSScriptRoot northwind.sql),
    [string] $SqliteAssemblyPath,
    [switch] $Force
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot PostgresDumpReader.ps1)

# Loads Microsoft.Data.Sqlite and makes its native library loadable. A netstandard2.0 build such
# as the module puts libe_sqlite3 beside the assembly, where .NET finds it. A dotnet publish for
# net10.0 puts it under runtimes/<RID>/native, so the script loads it from there by full path,
# and the later load by name resolves to the library already in the process.
# NOTE: the runtimes/<RID>/native case was checked on linux-x64 only.
function Import-SqliteAssembly {
    param([string] $AssemblyPath)

    $loaded = [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } |
        Select-Object -First 1
    if ($loaded) {
        Write-Verbose "Using Microsoft.Data.Sqlite already loaded from '$($loaded.Location)'."
        return
    }

    if (-not $AssemblyPath) {
        $repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
        $moduleFolder = Join-Path $repositoryRoot module/ErpSync
        $AssemblyPath = Join-Path $moduleFolder Microsoft.Data.Sqlite.dll
        if (-not (Test-Path -LiteralPath $AssemblyPath -PathType Leaf)) {
            throw "Microsoft.Data.Sqlite.dll not found in '$moduleFolder': the ErpSync module is not built. Run ./build.ps1 Build first, or pass -SqliteAssemblyPath."
        }
    }
    elseif (-not (Test-Path -LiteralPath $AssemblyPath -PathType Leaf)) {
        throw "SqliteAssemblyPath '$AssemblyPath' not found: expected the path of Microsoft.Data.Sqlite.dll."
    }

    $AssemblyPath = (Resolve-Path -LiteralPath $AssemblyPath).ProviderPath
    Add-Type -LiteralPath $AssemblyPath
    Write-Verbose "Loaded Microsoft.Data.Sqlite from '$AssemblyPath'."

    $assemblyFolder = Split-Path $AssemblyPath -Parent
    $nativeName = if ($IsWindows) { 'e_sqlite3.dll' } elseif ($IsMacOS) { 'libe_sqlite3.dylib' } else { 'libe_sqlite3.so' }
    if (Test-Path -LiteralPath (Join-Path $assemblyFolder $nativeName)) {
        return
    }

    $runtimeIdentifiers = @(
        [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }) + '-' +
            [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    )
    foreach ($runtimeIdentifier in $runtimeIdentifiers) {
        $nativePath = Join-Path $assemblyFolder "runtimes/$runtimeIdentifier/native/$nativeName"
        if (Test-Path -LiteralPath $nativePath) {
            [void] [System.Runtime.InteropServices.NativeLibrary]::Load($nativePath)
            Write-Verbose "Loaded the native SQLite library from '$nativePath'."
            return
        }
    }
    Write-Verbose "No $nativeName found beside '$AssemblyPath' or under its runtimes folder; SQLite will search the system library paths."
}

function Open-SqliteConnection {
    param([string] $Path)

    # PowerShell treats the builder as a dictionary, so the keywords are set through the indexer.
    $builder = [Microsoft.Data.Sqlite.SqliteConnectionStringBuilder]::new()
    $builder['Data Source'] = $Path
    $builder['Mode'] = [Microsoft.Data.Sqlite.SqliteOpenMode]::ReadWriteCreate
    # Without pooling, closing the connection releases the file, so the script can move it into place.
    $builder['Pooling'] = $false
    # The dump inserts child rows before their parents, so foreign keys are checked after the load.
    $builder['Foreign Keys'] = $false

    try {
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new($builder.ToString())
    }
    catch {
        # PowerShell wraps the TypeInitializationException in a MethodInvocationException.
        if ($_.Exception.InnerException -isnot [System.TypeInitializationException]) { throw }
        $cause = $_.Exception.GetBaseException().Message
        throw "Failed to initialize SQLite, most likely because the native library e_sqlite3 was not found beside Microsoft.Data.Sqlite.dll: $cause"
    }
    $connection.Open()
    return $connection
}

function Invoke-SqliteNonQuery {
    param($Connection, $Transaction, [string] $CommandText)

    $command = $Connection.CreateCommand()
    try {
        $command.Transaction = $Transaction
        $command.CommandText = $CommandText
        [void] $command.ExecuteNonQuery()
    }
    finally {
        $command.Dispose()
    }
}

# Returns all rows of a query as object arrays, with [DBNull]::Value for NULL.
function Invoke-SqliteQuery {
    param($Connection, $Transaction, [string] $CommandText)

    $command = $Connection.CreateCommand()
    $command.Transaction = $Transaction
    $command.CommandText = $CommandText
    $reader = $command.ExecuteReader()
    try {
        $rows = [System.Collections.Generic.List[object[]]]::new()
        while ($reader.Read()) {
            $row = [object[]]::new($reader.FieldCount)
            [void] $reader.GetValues($row)
            $rows.Add($row)
        }
        return , $rows
    }
    finally {
        $reader.Dispose()
        $command.Dispose()
    }
}

function ConvertTo-SqliteIdentifier {
    param([string] $Name)
    '"' + $Name.Replace('"', '""') + '"'
}

function Get-CreateTableStatement {
    param([TableDefinition] $Table)

    $definitions = [System.Collections.Generic.List[string]]::new()
    foreach ($column in $Table.Columns) {
        $definition = "$(ConvertTo-SqliteIdentifier $column.Name) $($column.SqliteType)"
        if ($column.NotNull) { $definition += ' NOT NULL' }
        $definitions.Add($definition)
    }
    if ($Table.PrimaryKey.Count -gt 0) {
        $definitions.Add("PRIMARY KEY ($(($Table.PrimaryKey | ForEach-Object { ConvertTo-SqliteIdentifier $_ }) -join ', '))")
    }
    foreach ($foreignKey in $Table.ForeignKeys) {
        $definition = "FOREIGN KEY ($(($foreignKey.Columns | ForEach-Object { ConvertTo-SqliteIdentifier $_ }) -join ', ')) REFERENCES $(ConvertTo-SqliteIdentifier $foreignKey.ReferencedTable)"
        if ($foreignKey.ReferencedColumns.Count -gt 0) {
            $definition += " ($(($foreignKey.ReferencedColumns | ForEach-Object { ConvertTo-SqliteIdentifier $_ }) -join ', '))"
        }
        $definitions.Add($definition)
    }

    "CREATE TABLE $(ConvertTo-SqliteIdentifier $Table.Name) (`n    $($definitions -join ",`n    ")`n)"
}

# Inserts rows with one prepared statement, setting only the parameter values per row.
function Write-SqliteRows {
    param($Connection, $Transaction, [string] $TableName, [string[]] $ColumnNames, [System.Collections.Generic.List[object[]]] $Rows)

    $quotedColumns = ($ColumnNames | ForEach-Object { ConvertTo-SqliteIdentifier $_ }) -join ', '
    $placeholders = (0..($ColumnNames.Count - 1) | ForEach-Object { "`$p$_" }) -join ', '

    $command = $Connection.CreateCommand()
    try {
        $command.Transaction = $Transaction
        $command.CommandText = "INSERT INTO $(ConvertTo-SqliteIdentifier $TableName) ($quotedColumns) VALUES ($placeholders)"
        $parameters = foreach ($i in 0..($ColumnNames.Count - 1)) {
            $command.Parameters.Add([Microsoft.Data.Sqlite.SqliteParameter]::new("`$p$i", $null))
        }
        $command.Prepare()

        foreach ($row in $Rows) {
            for ($i = 0; $i -lt $row.Length; $i++) {
                $parameters[$i].Value = $row[$i]
            }
            [void] $command.ExecuteNonQuery()
        }
    }
    finally {
        $command.Dispose()
    }
}

function Assert-ForeignKeys {
    param($Connection, $Transaction)

    $violations = Invoke-SqliteQuery $Connection $Transaction 'PRAGMA foreign_key_check'
    if ($violations.Count -gt 0) {
        # PRAGMA foreign_key_check returns the child table, its rowid and the parent table.
        $examples = ($violations | Select-Object -First 5 | ForEach-Object { "$($_[0]) rowid $($_[1]) has no parent row in $($_[2])" }) -join '; '
        throw "Foreign key check failed: $($violations.Count) rows of the dump reference missing rows, for example: $examples."
    }
}

# Computes each order's total as the sum of unit_price * quantity * (1 - discount) in
# System.Decimal from the exact decimal text of the imported prices, rounded half away from
# zero to 2 decimals. Returns a dictionary from order_id to the total's text, such as '440.00'.
function Get-OrderTotals {
    param($Connection, $Transaction)

    $sums = [System.Collections.Generic.Dictionary[long, decimal]]::new()
    $lines = Invoke-SqliteQuery $Connection $Transaction 'SELECT order_id, unit_price, quantity, discount FROM order_details'
    foreach ($line in $lines) {
        $orderId = [long] $line[0]
        $unitPrice = [decimal]::Parse($line[1], [cultureinfo]::InvariantCulture)
        $quantity = [decimal] [long] $line[2]
        $discount = [decimal]::Parse($line[3], [cultureinfo]::InvariantCulture)
        $amount = $unitPrice * $quantity * ([decimal] 1 - $discount)
        if ($sums.ContainsKey($orderId)) { $sums[$orderId] += $amount } else { $sums[$orderId] = $amount }
    }

    $totals = [System.Collections.Generic.Dictionary[long, string]]::new()
    foreach ($orderId in $sums.Keys) {
        $rounded = [Math]::Round($sums[$orderId], 2, [MidpointRounding]::AwayFromZero)
        $totals[$orderId] = $rounded.ToString('0.00', [cultureinfo]::InvariantCulture)
    }
    return , $totals
}

# Creates the erp_* views and tables that present Northwind as the ERP side of the demos.
# SKUs are 'NW-' and the product_id with at least 3 digits, and customer emails are the
# lower-case customer_id at example.com, so every other file can derive the same keys.
function Add-ErpSchema {
    param($Connection, $Transaction)

    Invoke-SqliteNonQuery $Connection $Transaction @'
CREATE VIEW erp_products AS
SELECT 'NW-' || printf('%03d', p.product_id) AS sku,
       p.product_name AS name,
       c.category_name AS category,
       s.company_name AS supplier,
       p.quantity_per_unit AS quantity_per_unit,
       p.unit_price AS price,
       p.units_in_stock AS stock,
       CASE WHEN p.discontinued <> 0 THEN 1 ELSE 0 END AS discontinued
FROM products p
LEFT JOIN categories c ON c.category_id = p.category_id
LEFT JOIN suppliers s ON s.supplier_id = p.supplier_id
'@

    Invoke-SqliteNonQuery $Connection $Transaction @'
CREATE VIEW erp_customers AS
SELECT lower(customer_id) || '@example.com' AS email,
       contact_name AS name,
       company_name AS company,
       phone,
       address AS street,
       city,
       postal_code,
       country
FROM customers
'@

    Invoke-SqliteNonQuery $Connection $Transaction @'
CREATE VIEW erp_order_lines AS
SELECT CAST(d.order_id AS TEXT) AS order_number,
       'NW-' || printf('%03d', d.product_id) AS sku,
       p.product_name AS name,
       d.quantity AS quantity,
       d.unit_price AS unit_price,
       d.discount AS discount
FROM order_details d
LEFT JOIN products p ON p.product_id = d.product_id
'@

    # erp_orders is a table because its total is computed here in System.Decimal, not in SQLite's
    # floating-point arithmetic.
    Invoke-SqliteNonQuery $Connection $Transaction @'
CREATE TABLE erp_orders (
    order_number TEXT NOT NULL PRIMARY KEY,
    customer_email TEXT,
    order_date TEXT,
    ship_country TEXT,
    total TEXT NOT NULL
)
'@
    $totals = Get-OrderTotals $Connection $Transaction
    $orders = Invoke-SqliteQuery $Connection $Transaction 'SELECT order_id, customer_id, order_date, ship_country FROM orders ORDER BY order_id'
    $erpOrders = [System.Collections.Generic.List[object[]]]::new()
    foreach ($order in $orders) {
        $orderId = [long] $order[0]
        $email = if ($order[1] -is [DBNull]) { [DBNull]::Value } else { $order[1].ToLowerInvariant() + '@example.com' }
        $total = if ($totals.ContainsKey($orderId)) { $totals[$orderId] } else { '0.00' }
        $erpOrders.Add(@($orderId.ToString([cultureinfo]::InvariantCulture), $email, $order[2], $order[3], $total))
    }
    Write-SqliteRows $Connection $Transaction 'erp_orders' @('order_number', 'customer_email', 'order_date', 'ship_country', 'total') $erpOrders

    Invoke-SqliteNonQuery $Connection $Transaction @'
CREATE TABLE erp_stock (
    sku TEXT NOT NULL,
    location TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (sku, location)
)
'@
    Invoke-SqliteNonQuery $Connection $Transaction @'
INSERT INTO erp_stock (sku, location, quantity)
SELECT 'NW-' || printf('%03d', product_id), 'MAIN', units_in_stock
FROM products
ORDER BY product_id
'@
}

# Returns 'name count' for every table and view, in creation order.
function Get-RowCountSummary {
    param($Connection)

    $objects = Invoke-SqliteQuery $Connection $null "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY rowid"
    foreach ($object in $objects) {
        $name = [string] $object[0]
        $count = (Invoke-SqliteQuery $Connection $null "SELECT count(*) FROM $(ConvertTo-SqliteIdentifier $name)")[0][0]
        "$name $count"
    }
}

$resolvedDatabasePath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($DatabasePath)
$resolvedSqlPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($SqlPath)

if (Test-Path -LiteralPath $resolvedDatabasePath -PathType Container) {
    throw "DatabasePath '$resolvedDatabasePath' is a folder: pass the path of a database file."
}
if ((Test-Path -LiteralPath $resolvedDatabasePath) -and -not $Force) {
    throw "Database file '$resolvedDatabasePath' already exists. Pass -Force to replace it."
}
if (-not (Test-Path -LiteralPath $resolvedSqlPath -PathType Leaf)) {
    throw "SQL dump '$resolvedSqlPath' not found. Pass -SqlPath with the path of northwind.sql."
}

Import-SqliteAssembly -AssemblyPath $SqliteAssemblyPath

$stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
$dump = [PostgresDumpReader]::new([System.IO.File]::ReadAllText($resolvedSqlPath, [System.Text.Encoding]::UTF8))
$dump.Read()
Write-Verbose "Read $($dump.Tables.Count) tables from '$resolvedSqlPath' in $($stopwatch.ElapsedMilliseconds) ms."

$databaseFolder = Split-Path $resolvedDatabasePath -Parent
if (-not (Test-Path -LiteralPath $databaseFolder)) {
    [void] (New-Item -ItemType Directory -Path $databaseFolder)
}
$temporaryPath = Join-Path $databaseFolder ".$(Split-Path $resolvedDatabasePath -Leaf).$([guid]::NewGuid().ToString('N')).tmp"

try {
    $connection = Open-SqliteConnection $temporaryPath
    try {
        $transaction = $connection.BeginTransaction()

        foreach ($table in $dump.Tables.Values) {
            Invoke-SqliteNonQuery $connection $transaction (Get-CreateTableStatement $table)
            Write-SqliteRows $connection $transaction $table.Name ([string[]] $table.Columns.Name) $table.Rows
            Write-Verbose "Inserted $($table.Rows.Count) rows into $($table.Name)."
        }
        Assert-ForeignKeys $connection $transaction
        Add-ErpSchema $connection $transaction

        $transaction.Commit()
        $summary = (Get-RowCountSummary $connection) -join ', '
    }
    finally {
        $connection.Dispose()
    }

    Move-Item -LiteralPath $temporaryPath -Destination $resolvedDatabasePath -Force
}
finally {
    if (Test-Path -LiteralPath $temporaryPath) {
        Remove-Item -LiteralPath $temporaryPath -Force
    }
}

Write-Verbose "Import finished in $($stopwatch.ElapsedMilliseconds) ms."
Write-Host "Created $resolvedDatabasePath from $(Split-Path $resolvedSqlPath -Leaf): $summary."
