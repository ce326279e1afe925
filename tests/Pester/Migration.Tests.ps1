# Runs Invoke-ErpMigration from the built module on the Northwind ERP: the first load of the shop
# catalogue, a rerun after five ERP prices changed, and Get-ErpSyncRun over both runs.

BeforeAll {
    $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $repositoryRoot module/ErpSync) -Force
    $erpDatabase = Join-Path $TestDrive erp.db
    & (Join-Path $repositoryRoot samples/northwind/Import-Northwind.ps1) -DatabasePath $erpDatabase | Out-Null
    $statePath = Join-Path $TestDrive state.db
    $erp = New-ErpEndpoint -Name erp -Sqlite $erpDatabase -Entity Product `
        -Query 'SELECT sku, name, category, supplier, price, stock FROM erp_products' `
        -Map @{ Sku = 'sku'; Name = 'name'; Category = 'category'; Supplier = 'supplier'; Price = 'price'; Stock = 'stock' }
    $shop = New-ErpEndpoint -Name shop -Csv (Join-Path $TestDrive shop-products.csv) -Entity Product -Map @{ Sku = 'SKU'; Price = 'Regular price' }
}

AfterAll {
    Remove-Module -Name ErpSync -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-ErpMigration on Northwind' {
    It 'creates the 77 products in the shop catalogue' {
        $result = Invoke-ErpMigration -Source $erp -Target $shop -StatePath $statePath

        $result.Status | Should -Be 'Succeeded'
        $result.Created | Should -Be 77
        (Import-Csv (Join-Path $TestDrive shop-products.csv)).Count | Should -Be 77
        (Import-Csv (Join-Path $TestDrive shop-products.csv) | Where-Object SKU -eq 'NW-005').'Regular price' | Should -Be '21.35'
    }

    It 'updates only the five products whose ERP price changed' {
        $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$erpDatabase;Pooling=False")
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = "UPDATE products SET unit_price = '99.90' WHERE product_id BETWEEN 1 AND 5"
        [void] $command.ExecuteNonQuery()
        $connection.Dispose()

        $output = Invoke-ErpMigration -Source $erp -Target $shop -StatePath $statePath -PassThru
        $result = $output | Where-Object { $_ -is [ErpSync.Core.Patterns.Migration.ErpMigrationResult] }
        $changes = @($output | Where-Object { $_ -is [ErpSync.Core.Patterns.Migration.ErpMigrationChange] })

        $result.Updated | Should -Be 5
        $result.Unchanged | Should -Be 72
        $changes.Key | Should -Be @('NW-001', 'NW-002', 'NW-003', 'NW-004', 'NW-005')
        $changes.ChangedFields | Sort-Object -Unique | Should -Be 'Price'
    }

    It 'fails a second run of a locked job with JobAlreadyRunning' {
        $store = [ErpSync.Core.State.StateStore]::Open($statePath)
        $lock = [ErpSync.Core.State.JobLock]::Acquire($store, 'migrate:erp->shop', 'pester-holder', $null, $null)
        try {
            { Invoke-ErpMigration -Source $erp -Target $shop -StatePath $statePath } |
                Should -Throw -ErrorId 'JobAlreadyRunning,ErpSync.PowerShell.Cmdlets.InvokeErpMigrationCommand'
        }
        finally {
            $lock.Dispose()
            $store.Dispose()
        }
    }

    It 'lists the runs newest first' {
        $runs = @(Get-ErpSyncRun -JobName 'migrate:erp->shop' -StatePath $statePath)

        $runs.Status | Should -Be @('Failed', 'Succeeded', 'Succeeded')
        $runs[1].Counts['Updated'] | Should -Be 5
        $runs[2].Counts['Created'] | Should -Be 77
    }
}
