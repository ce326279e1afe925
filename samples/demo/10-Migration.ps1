# Migration: loads the 77 Northwind products from the ERP into a new shop catalogue (a CSV file in
# the shop's column names), then changes five ERP prices and migrates again, which updates only those.

Write-Host '== 10 Migration: ERP products into the shop catalogue =='

$erpProducts = New-ErpEndpoint -Name erp -Sqlite $ErpDatabase -Entity Product `
    -Query 'SELECT sku, name, category, supplier, price, stock FROM erp_products' `
    -Map @{ Sku = 'sku'; Name = 'name'; Category = 'category'; Supplier = 'supplier'; Price = 'price'; Stock = 'stock' }
$shopCatalogue = Join-Path $Workspace shop-products.csv
$shopProducts = New-ErpEndpoint -Name shop -Csv $shopCatalogue -Entity Product `
    -Map @{ Sku = 'SKU'; Name = 'Name'; Price = 'Regular price'; Stock = 'Stock'; Category = 'Category'; Supplier = 'Supplier' }
$migrationRejects = Join-Path $Workspace migration-rejects.csv

$firstMigration = Invoke-ErpMigration -Source $erpProducts -Target $shopProducts -StatePath $StatePath -RejectPath $migrationRejects
$firstMigration | Format-Table | Out-String -Width 160 | Write-Host

Write-Host "The first five products in $shopCatalogue"
Import-Csv $shopCatalogue | Select-Object -First 5 | Format-Table | Out-String -Width 160 | Write-Host

Write-Host 'Raising the ERP price of products 1 to 5 by 10 percent'
$connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$ErpDatabase;Pooling=False")
$connection.Open()
try {
    $command = $connection.CreateCommand()
    # Prices are exact decimal text; printf keeps two decimals so 18 becomes '19.80', never '19.8000000001'.
    $command.CommandText = "UPDATE products SET unit_price = printf('%.2f', CAST(unit_price AS REAL) * 1.1) WHERE product_id BETWEEN 1 AND 5"
    [void] $command.ExecuteNonQuery()
}
finally {
    $connection.Dispose()
}

$secondMigration = Invoke-ErpMigration -Source $erpProducts -Target $shopProducts -StatePath $StatePath -RejectPath $migrationRejects -PassThru
$secondMigration | Where-Object { $_ -is [ErpSync.Core.Patterns.Migration.ErpMigrationChange] } | Format-Table | Out-String -Width 160 | Write-Host
$secondMigration | Where-Object { $_ -is [ErpSync.Core.Patterns.Migration.ErpMigrationResult] } | Format-Table | Out-String -Width 160 | Write-Host

Write-Host 'The runs of the migration job'
Get-ErpSyncRun -JobName 'migrate:erp->shop' -StatePath $StatePath | Format-Table | Out-String -Width 160 | Write-Host
