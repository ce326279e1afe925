# The Northwind products are migrated from the ERP's SQLite database into Vendure; a rerun changes
# nothing. Prices and stock are read back through Vendure's Admin API.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $northwind = Join-Path $E2E.Workspace 'northwind.db'
    & (Join-Path $E2E.RepositoryRoot 'samples/northwind/Import-Northwind.ps1') -DatabasePath $northwind -Force | Out-Null

    $erp = New-ErpEndpoint -Name erp -Sqlite $northwind -Entity Product -Query 'SELECT sku, name, price, stock FROM erp_products'
    $shop = New-VendureEndpoint -Name shop -Entity Product
    $statePath = Join-Path $E2E.Workspace 'migration-state.db'
    $first = Invoke-ErpMigration -Source $erp -Target $shop -StatePath $statePath -Confirm:$false
    $second = Invoke-ErpMigration -Source $erp -Target $shop -StatePath $statePath -Confirm:$false

    $expected = @(Get-ErpRecord $erp)
    $variants = @((Invoke-VendureQuery 'query { productVariants(options: { filter: { sku: { contains: "NW-" } }, take: 1000 }) { items { sku name price stockOnHand } } }').productVariants.items)
}

Describe 'Invoke-ErpMigration of Northwind products into Vendure' {
    It 'creates all 77 products' {
        $expected.Count | Should -Be 77
        $first.Created | Should -Be 77
        $first.Rejected | Should -Be 0
        $variants.Count | Should -Be 77
    }

    It 'stores every price and stock exactly' {
        $bySku = @{}
        foreach ($variant in $variants) { $bySku[$variant.sku] = $variant }
        foreach ($record in $expected) {
            $bySku[$record.Sku].price | Should -Be ([long] ($record.Price * 100)) -Because $record.Sku
            $bySku[$record.Sku].stockOnHand | Should -Be $record.Stock -Because $record.Sku
            $bySku[$record.Sku].name | Should -Be $record.Name -Because $record.Sku
        }
    }

    It 'stores the most expensive product at 263.50' {
        ($variants | Where-Object sku -eq 'NW-038').price | Should -Be 26350
    }

    It 'changes nothing on a rerun' {
        $second.Created | Should -Be 0
        $second.Updated | Should -Be 0
        $second.Unchanged | Should -Be 77
        @($variants.sku | Select-Object -Unique).Count | Should -Be 77
    }
}
