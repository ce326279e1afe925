# Demo step: broadcast Northwind stock and price changes from the ERP to a CSV feed and an SQLite
# shop. Runs dot-sourced by samples/demo.ps1 with $Workspace, $ErpDatabase, $StatePath and $Samples set.

Write-Host ''
Write-Host '== 50 Broadcast: ERP stock and price changes to a CSV feed and an SQLite shop =='

# erp_products is a view without a modification time, so the step copies it into a table that has
# one; the ERP would stamp modified_at on every change.
function Invoke-BroadcastDemoSql([string] $Sql) {
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

Invoke-BroadcastDemoSql @'
DROP TABLE IF EXISTS erp_products_changes;
CREATE TABLE erp_products_changes AS
    SELECT sku, name, category, supplier, price, stock, '2026-03-02T08:00:00Z' AS modified_at FROM erp_products;
'@

$broadcastSource = New-ErpEndpoint -Name erp -Sqlite $ErpDatabase -Table erp_products_changes -Entity Product -Key Sku -ModifiedField ModifiedAt -Map @{ ModifiedAt = 'modified_at' }
$broadcastFeed = New-ErpEndpoint -Name feed -Csv (Join-Path $Workspace 'broadcast-feed.csv') -Entity Product -Key Sku
$broadcastShop = New-ErpEndpoint -Name shop -Sqlite (Join-Path $Workspace 'broadcast-shop.db') -Table products -Entity Product -Key Sku -CreateTable

Write-Host 'First run of Start-Broadcast -Once (one cycle; Cycle counts within a run): every product goes to both channels.'
Start-Broadcast -Source $broadcastSource -Target $broadcastFeed, $broadcastShop -Once -JobName demo-broadcast -StatePath $StatePath |
    Format-Table | Out-String | Write-Host

# Two stock movements and one price change, stamped a few seconds apart with mixed precision.
Invoke-BroadcastDemoSql @'
UPDATE erp_products_changes SET stock = stock - 5, modified_at = '2026-03-02T09:15:00Z' WHERE sku = 'NW-001';
UPDATE erp_products_changes SET stock = stock + 40, modified_at = '2026-03-02T09:15:00.250Z' WHERE sku = 'NW-002';
UPDATE erp_products_changes SET price = '10.50', modified_at = '2026-03-02T10:15:03+01:00' WHERE sku = 'NW-003';
'@

Write-Host 'Second run of Start-Broadcast -Once: only the three changed products are delivered.'
Start-Broadcast -Source $broadcastSource -Target $broadcastFeed, $broadcastShop -Once -JobName demo-broadcast -StatePath $StatePath |
    Format-Table | Out-String | Write-Host

Write-Host 'The changed products as the shop now holds them:'
Get-ErpRecord $broadcastShop | Where-Object Sku -in 'NW-001', 'NW-002', 'NW-003' |
    Select-Object Sku, Name, Price, Stock |
    Format-Table | Out-String | Write-Host

Write-Host ('Dead letters of demo-broadcast: {0}' -f @(Get-ErpDeadLetter -JobName demo-broadcast -StatePath $StatePath).Count)
