# Demo step: prices correlated between the ERP and the shop's price list. Only the products both
# systems know are compared, nothing is created, and the ERP wins every difference.
# Runs dot-sourced by samples/demo.ps1 with $Workspace, $ErpDatabase, $StatePath and $Samples set.

Write-Host ''
Write-Host '== 40 Correlation: ERP prices corrected in the shop for the products both know =='

function Invoke-CorrelationDemoSql([string] $Sql) {
    $connection = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$ErpDatabase;Pooling=False")
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = $Sql
        [void] $command.ExecuteNonQuery()
    }
    finally {
        $connection.Dispose()
    }
}

# erp_products is a read-only view, so the ERP side is a copy of it in a table.
Invoke-CorrelationDemoSql 'DROP TABLE IF EXISTS erp_products_prices'
$productView = New-ErpEndpoint -Name erpview -Sqlite $ErpDatabase -Query 'SELECT sku, name, category, supplier, price, stock FROM erp_products' -Entity Product
$erpPrices = New-ErpEndpoint -Name erp -Sqlite $ErpDatabase -Table erp_products_prices -CreateTable -Entity Product
$productCopy = Get-ErpRecord $productView | Set-ErpRecord $erpPrices
Write-Host "Copied $($productCopy.Created) products from the view erp_products into the table erp_products_prices"

$shopPricesPath = Join-Path $Workspace 'shop-prices.csv'
Copy-Item -LiteralPath (Join-Path $Samples 'fixtures/shop-prices.csv') -Destination $shopPricesPath -Force
$shopPrices = New-ErpEndpoint -Name shop -Csv $shopPricesPath -Entity Product

# The shop file has only SKU and Price, so Price is the one compared field. Prices compare as
# decimals: the shop's 18.00 equals the ERP's 18.
Reset-ErpSyncState -JobName demo-prices -StatePath $StatePath -Confirm:$false
$priceChanges = [System.Collections.Generic.List[object]]::new()
Sync-Correlated -Left $erpPrices -Right $shopPrices -ConflictPolicy LeftWins -JobName demo-prices -StatePath $StatePath -PassThru -Confirm:$false |
    ForEach-Object { $priceChanges.Add($_) }

$priceResult = $priceChanges | Where-Object { $_ -is [ErpSync.Core.Patterns.Synchronization.ErpSyncResult] }
$priceResult | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
Write-Host "Only in the ERP: $($priceResult.OnlyLeft) products; only in the shop: $($priceResult.OnlyRight) products; left alone on both sides"

$priceChanges | Where-Object { $_ -is [ErpSync.Core.Patterns.Synchronization.ErpSyncChange] -and $_.Side -eq 'Right' -and $_.After } |
    Sort-Object Key |
    Select-Object Key, @{ Name = 'ShopBefore'; Expression = { $_.Before.Price } }, @{ Name = 'ErpAndShopNow'; Expression = { $_.After.Price } } |
    Format-Table -AutoSize | Out-String -Width 160 | Write-Host
