# Aggregation: the orders of two shops merged into the ERP's order table. Both shops number their
# orders from 1001, so a key prefix per shop keeps EU-1001 and US-1001 apart.
Write-Host '== 20 Aggregate: shop orders from EU and US merged into the ERP' -ForegroundColor Cyan

$orderColumns = @{ OrderNumber = 'order_number'; CustomerEmail = 'customer_email'; OrderDate = 'order_date' }
$shopEu = New-ErpEndpoint -Name eu -Csv (Join-Path $Samples 'fixtures/shop-eu-orders.csv') -Entity Order -Map $orderColumns
$shopUs = New-ErpEndpoint -Name us -Csv (Join-Path $Samples 'fixtures/shop-us-orders.csv') -Entity Order -Map $orderColumns
$erpOrders = New-ErpEndpoint -Name erp -Sqlite $ErpDatabase -Table shop_orders -CreateTable -Entity Order

$result = Merge-Aggregate -Source $shopEu, $shopUs -Target $erpOrders -KeyPrefix @{ eu = 'EU-'; us = 'US-' } -StatePath $StatePath
$result | Format-Table | Out-String | Write-Host

Get-ErpRecord $erpOrders | Sort-Object OrderNumber |
    Format-Table OrderNumber, CustomerEmail, Currency, Total, Status | Out-String | Write-Host
