# Demo step: customers synchronized both ways between the ERP and the shop's customer export.
# Runs dot-sourced by samples/demo.ps1 with $Workspace, $ErpDatabase, $StatePath and $Samples set.

Write-Host ''
Write-Host '== 30 Bidirectional: ERP customers <-> shop customers, with a manual conflict =='

function Invoke-BidirectionalDemoSql([string] $Sql) {
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

# erp_customers is a read-only view, so the ERP side is a writable copy of it.
Invoke-BidirectionalDemoSql 'DROP TABLE IF EXISTS erp_customers_sync'
$customerView = New-ErpEndpoint -Name erpview -Sqlite $ErpDatabase -Query 'SELECT * FROM erp_customers' -Entity Customer -Map @{ PostalCode = 'postal_code' }
$erpCustomers = New-ErpEndpoint -Name erp -Sqlite $ErpDatabase -Table erp_customers_sync -CreateTable -Entity Customer
$customerCopy = Get-ErpRecord $customerView | Set-ErpRecord $erpCustomers
Write-Host "Copied $($customerCopy.Created) customers from the view erp_customers into the table erp_customers_sync"

$shopCustomersPath = Join-Path $Workspace 'shop-customers.csv'
Copy-Item -LiteralPath (Join-Path $Samples 'fixtures/shop-customers.csv') -Destination $shopCustomersPath -Force
$shopCustomers = New-ErpEndpoint -Name shop -Csv $shopCustomersPath -Entity Customer -Map @{ ModifiedAt = 'Updated At' }

# The shop splits the contact name into first and last name, so Name is not compared; the ERP has
# no modification time. A rerun of the demo starts the job from scratch.
$customerSync = @{
    Left = $erpCustomers
    Right = $shopCustomers
    JobName = 'demo-customers'
    StatePath = $StatePath
    ExcludeField = 'Name', 'ModifiedAt'
    Confirm = $false
}
Reset-ErpSyncState -JobName demo-customers -StatePath $StatePath -Confirm:$false

# First run: the 3 customers edited in the shop differ from the ERP without a baseline; the shop wins them.
Write-Host 'First run (-ConflictPolicy RightWins): 81 customers to the shop, 2 to the ERP, 3 shop edits to the ERP'
Sync-Bidirectional @customerSync -ConflictPolicy RightWins | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

# Both systems edit the city of the same customer before the next run.
Invoke-BidirectionalDemoSql "UPDATE erp_customers_sync SET City = 'Milano' WHERE Email = 'frans@example.com'"
(Get-Content -LiteralPath $shopCustomersPath -Encoding utf8) -replace '^(frans@example\.com,.*),Torino,', '$1,Roma,' |
    Set-Content -LiteralPath $shopCustomersPath -Encoding utf8

Write-Host 'Second run (-ConflictPolicy Manual): frans@example.com is Milano in the ERP and Roma in the shop'
Sync-Bidirectional @customerSync -ConflictPolicy Manual | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
$customerConflict = Get-ErpConflict -JobName demo-customers -StatePath $StatePath
$customerConflict | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
$customerConflict.DifferingFields | ForEach-Object {
    [pscustomobject]@{ Field = $_; Erp = $customerConflict.Left[$_]; Shop = $customerConflict.Right[$_]; Baseline = $customerConflict.Baseline[$_] }
} | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

Write-Host 'Resolve-ErpConflict -Use Left keeps the ERP value; the third run writes it to the shop'
$customerConflict | Resolve-ErpConflict -Use Left -StatePath $StatePath -Confirm:$false | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
Sync-Bidirectional @customerSync -ConflictPolicy Manual | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

Get-ErpRecord $shopCustomers | Where-Object Email -eq 'frans@example.com' |
    Format-Table Email, Company, City, Country -AutoSize | Out-String -Width 160 | Write-Host
