# Runs samples/northwind/Import-Northwind.ps1 against the built module's Microsoft.Data.Sqlite,
# so run ./build.ps1 Build before these tests.

BeforeAll {
    $repositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
    $importScript = Join-Path $repositoryRoot samples/northwind/Import-Northwind.ps1
    $moduleFolder = Join-Path $repositoryRoot module/ErpSync
    $sqliteAssembly = Join-Path $moduleFolder Microsoft.Data.Sqlite.dll
    if (-not (Test-Path -LiteralPath $sqliteAssembly -PathType Leaf)) {
        throw "Microsoft.Data.Sqlite.dll not found in '$moduleFolder': the ErpSync module is not built. Run ./build.ps1 Build before the Pester tests."
    }

    $databasePath = Join-Path $TestDrive northwind.db
    # The script writes its summary with Write-Host, which is the information stream 6.
    $summary = & $importScript -DatabasePath $databasePath 6>&1 | Out-String

    function Invoke-Scalar {
        param([string] $Query, [string] $Path = $databasePath)

        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path;Mode=ReadOnly;Pooling=False")
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = $Query
            return $command.ExecuteScalar()
        }
        finally {
            $connection.Dispose()
        }
    }
}

Describe 'Import-Northwind.ps1' {
    It 'prints a summary with row counts' {
        $summary | Should -Match 'erp_products 77'
        $summary | Should -Match 'erp_orders 830'
    }

    It 'imports <Name> with <Expected> rows' -ForEach @(
        @{ Name = 'erp_products'; Expected = 77 }
        @{ Name = 'erp_customers'; Expected = 91 }
        @{ Name = 'erp_orders'; Expected = 830 }
        @{ Name = 'erp_order_lines'; Expected = 2155 }
        @{ Name = 'erp_stock'; Expected = 77 }
        @{ Name = 'products'; Expected = 77 }
        @{ Name = 'customers'; Expected = 91 }
        @{ Name = 'orders'; Expected = 830 }
        @{ Name = 'order_details'; Expected = 2155 }
    ) {
        Invoke-Scalar "SELECT count(*) FROM $Name" | Should -Be $Expected
    }

    It 'stores NW-005 price as text 21.35' {
        Invoke-Scalar "SELECT typeof(price) FROM erp_products WHERE sku = 'NW-005'" | Should -BeExactly 'text'
        Invoke-Scalar "SELECT price FROM erp_products WHERE sku = 'NW-005'" | Should -BeExactly '21.35'
    }

    It 'strips float noise from every price' {
        Invoke-Scalar "SELECT price FROM erp_products WHERE sku = 'NW-001'" | Should -BeExactly '18'
        Invoke-Scalar "SELECT unit_price FROM erp_order_lines WHERE order_number = '10248' AND sku = 'NW-042'" | Should -BeExactly '9.8'
        Invoke-Scalar "SELECT count(*) FROM erp_products WHERE price LIKE '%.___%'" | Should -Be 0
        Invoke-Scalar "SELECT count(*) FROM order_details WHERE discount LIKE '%.___%'" | Should -Be 0
    }

    It 'computes order totals with 2 decimals' {
        Invoke-Scalar "SELECT total FROM erp_orders WHERE order_number = '10248'" | Should -BeExactly '440.00'
        Invoke-Scalar "SELECT total FROM erp_orders WHERE order_number = '10249'" | Should -BeExactly '1863.40'
        Invoke-Scalar "SELECT customer_email FROM erp_orders WHERE order_number = '10248'" | Should -BeExactly 'vinet@example.com'
    }

    It 'keeps accented customer names' {
        Invoke-Scalar "SELECT company FROM erp_customers WHERE email = 'alfki@example.com'" | Should -BeExactly 'Alfreds Futterkiste'
        Invoke-Scalar "SELECT company FROM erp_customers WHERE email = 'bergs@example.com'" | Should -BeExactly 'Berglunds snabbköp'
        Invoke-Scalar "SELECT name FROM erp_customers WHERE email = 'blonp@example.com'" | Should -BeExactly 'Frédérique Citeaux'
    }

    It 'maps product columns for NW-005' {
        Invoke-Scalar "SELECT name FROM erp_products WHERE sku = 'NW-005'" | Should -BeExactly "Chef Anton's Gumbo Mix"
        Invoke-Scalar "SELECT category FROM erp_products WHERE sku = 'NW-005'" | Should -BeExactly 'Condiments'
        Invoke-Scalar "SELECT stock FROM erp_products WHERE sku = 'NW-005'" | Should -Be 0
        Invoke-Scalar "SELECT discontinued FROM erp_products WHERE sku = 'NW-005'" | Should -Be 1
        Invoke-Scalar "SELECT quantity FROM erp_stock WHERE sku = 'NW-001' AND location = 'MAIN'" | Should -Be 39
    }

    It 'rejects an existing file without Force' {
        { & $importScript -DatabasePath $databasePath 6>$null } |
            Should -Throw -ExpectedMessage "Database file '*northwind.db' already exists. Pass -Force to replace it."
    }

    It 'replaces an existing file with Force' {
        $stalePath = Join-Path $TestDrive stale.db
        Set-Content -LiteralPath $stalePath -Value 'not a database'

        & $importScript -DatabasePath $stalePath -Force 6>$null

        Invoke-Scalar 'SELECT count(*) FROM erp_products' -Path $stalePath | Should -Be 77
    }
}
