# Orders placed in Vendure and orders from a shop's CSV export are merged by Merge-Aggregate into
# Tryton sales; the sales are read back through Tryton's JSON-RPC API.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $shopProducts = New-VendureEndpoint -Name shopProducts -Entity Product
    @(
        [pscustomobject]@{ Sku = 'AG-001'; Name = 'Queso Cabrales'; Price = '21.00'; Stock = 50 }
        [pscustomobject]@{ Sku = 'AG-002'; Name = 'Konbu'; Price = '6.05'; Stock = 50 }
    ) | Set-ErpRecord -Endpoint $shopProducts | Out-Null
    $placed = @(
        New-VendureOrder -Email 'ag-rattc@example.com' -LastName 'Rattlesnake' -Lines @(@{ Sku = 'AG-001'; Quantity = 2 }, @{ Sku = 'AG-002'; Quantity = 3 })
        New-VendureOrder -Email 'ag-savea@example.com' -LastName 'Save-a-lot' -Lines @(@{ Sku = 'AG-002'; Quantity = 1 })
    )

    $map = @{ OrderNumber = 'order_number'; CustomerEmail = 'customer_email'; OrderDate = 'order_date' }
    $export = New-ErpEndpoint -Name eu -Csv (Join-Path $E2E.RepositoryRoot 'samples/fixtures/shop-eu-orders.csv') -Entity Order -Map $map
    $shopOrders = New-VendureEndpoint -Name shop -Entity Order
    $erpOrders = New-TrytonEndpoint -Name erp -Entity Order
    $statePath = Join-Path $E2E.Workspace 'aggregation-state.db'
    $result = Merge-Aggregate -Source $shopOrders, $export -Target $erpOrders -KeyPrefix @{ shop = 'V-'; eu = 'EU-' } -StatePath $statePath -Confirm:$false

    function Get-Sale([string] $Reference) {
        $rows = Invoke-TrytonModel 'sale.sale' 'search_read' @(@(, @('reference', '=', $Reference)), 0, 10, $null, @('reference', 'untaxed_amount', 'party', 'description'))
        return @($rows)
    }
}

Describe 'Merge-Aggregate of Vendure and CSV orders into Tryton sales' {
    It 'creates one sale per order of both sources' {
        $result.Created | Should -Be 7
        $result.Failed | Should -Be 0
        $result.Rejected | Should -Be 0
    }

    It 'keeps the total of a Vendure order exactly' {
        $placed[0].totalWithTax | Should -Be 6015
        $sale = Get-Sale "V-$($placed[0].code)"
        $sale.Count | Should -Be 1
        [decimal] $sale[0].untaxed_amount.decimal | Should -Be 60.15d
        $sale[0].description | Should -Be 'PaymentSettled'
    }

    It 'keeps the total of an exported order exactly' {
        $sale = Get-Sale 'EU-1002'
        $sale.Count | Should -Be 1
        [decimal] $sale[0].untaxed_amount.decimal | Should -Be 1250.00d
        $sale[0].description | Should -Be 'shipped'
    }

    It 'attaches each sale to the party with the order''s e-mail address' {
        $sale = Get-Sale "V-$($placed[1].code)"
        $parties = Invoke-TrytonModel 'party.party' 'search' @(@(@('contact_mechanisms.value', '=', 'ag-savea@example.com')), 0, $null, $null)
        $sale[0].party | Should -Be $parties[0]
    }

    It 'creates no second sale on a rerun' {
        Merge-Aggregate -Source $shopOrders, $export -Target $erpOrders -KeyPrefix @{ shop = 'V-'; eu = 'EU-' } -StatePath $statePath -Confirm:$false | Out-Null
        $references = @(Invoke-TrytonModel 'sale.sale' 'search_read' @(@(), 0, $null, $null, @('reference')) | ForEach-Object reference)
        @($references | Where-Object { $_ -like 'EU-*' -or $_ -like 'V-*' }).Count | Should -Be 7
        @($references | Where-Object { $_ -like 'EU-*' -or $_ -like 'V-*' } | Select-Object -Unique).Count | Should -Be 7
    }
}
