# Stock levels changed in Tryton reach Vendure and a CSV feed through Start-Broadcast; a shop server
# killed in the middle of a broadcast and started again ends equal to the ERP, without duplicates.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-TrytonStock([string] $Sku) {
        Connect-TrytonTest
        $warehouse = 5
        $rows = Invoke-TrytonCall $E2E.Tryton 'model.product.product.search_read' @(@(, @('code', '=', $Sku)), 0, 1, $null, @('quantity'), @{ company = 1; locations = @($warehouse) })
        return [decimal] $rows[0].quantity
    }
}

Describe 'Start-Broadcast of Tryton stock levels' {
    BeforeAll {
        $erpProducts = New-TrytonEndpoint -Name erpProducts -Entity Product
        $shopProducts = New-VendureEndpoint -Name shopProducts -Entity Product
        $products = @(
            [pscustomobject]@{ Sku = 'BC-001'; Name = 'Pavlova'; Price = '17.45'; Stock = 29 }
            [pscustomobject]@{ Sku = 'BC-002'; Name = 'Tourtière'; Price = '7.45'; Stock = 21 }
        )
        $products | Set-ErpRecord -Endpoint $erpProducts | Out-Null
        $products | Set-ErpRecord -Endpoint $shopProducts | Out-Null

        $erpStock = New-TrytonEndpoint -Name erpStock -Entity InventoryLevel -Extra @{ Key = 'Sku' }
        $shopStock = New-VendureEndpoint -Name shopStock -Entity InventoryLevel -Extra @{ Key = 'Sku' }
        $feedPath = Join-Path $E2E.Workspace 'stock-feed.csv'
        $feed = New-ErpEndpoint -Name feed -Csv $feedPath -Entity InventoryLevel -Key Sku
        $statePath = Join-Path $E2E.Workspace 'broadcast-state.db'
        $broadcast = @{ Source = $erpStock; Target = @($shopStock, $feed); Once = $true; JobName = 'e2e-stock'; StatePath = $statePath; Confirm = $false }

        Start-Broadcast @broadcast | Out-Null
        [pscustomobject]@{ Sku = 'BC-001'; Quantity = 4 } | Set-ErpRecord -Endpoint $erpStock | Out-Null
        [pscustomobject]@{ Sku = 'BC-002'; Quantity = 60 } | Set-ErpRecord -Endpoint $erpStock | Out-Null
        $results = @(Start-Broadcast @broadcast)
        $feedRows = @(Import-Csv $feedPath | Where-Object Sku -like 'BC-*' | Sort-Object Sku)
    }

    It 'changes the stock in Tryton' {
        Get-TrytonStock 'BC-001' | Should -Be 4
        Get-TrytonStock 'BC-002' | Should -Be 60
    }

    It 'delivers the new stock to Vendure' {
        (Get-VendureVariant 'BC-001')[0].stockOnHand | Should -Be 4
        (Get-VendureVariant 'BC-002')[0].stockOnHand | Should -Be 60
        @(Get-VendureVariant 'BC-001').Count | Should -Be 1
    }

    It 'delivers the new stock to the CSV feed' {
        $feedRows.Sku | Should -Be @('BC-001', 'BC-002')
        [decimal] $feedRows[0].Quantity | Should -Be 4
        [decimal] $feedRows[1].Quantity | Should -Be 60
    }

    It 'reports no failed delivery' {
        ($results | Measure-Object -Property Failed -Sum).Sum | Should -Be 0
        ($results | Measure-Object -Property DeadLettered -Sum).Sum | Should -Be 0
    }
}

Describe 'Start-Broadcast while the shop server is killed and started again' {
    BeforeAll {
        $count = 40
        $erpProducts = New-TrytonEndpoint -Name erpCatalog -Entity Product
        $products = foreach ($i in 1..$count) {
            [pscustomobject]@{ Sku = ('KB-{0:000}' -f $i); Name = "Crash product $i"; Price = ('{0}.{1:00}' -f (10 + $i), $i); Stock = 100 + $i }
        }
        $products | Set-ErpRecord -Endpoint $erpProducts | Out-Null
        $shopProducts = New-VendureEndpoint -Name shopCatalog -Entity Product -Extra @{ MaxRetries = 2 }
        $statePath = Join-Path $E2E.Workspace 'broadcast-crash-state.db'

        $job = Start-Broadcast -Source $erpProducts -Target $shopProducts -Interval 00:00:01 -JobName e2e-crash -StatePath $statePath -MaxAttempts 50 -RetryDelay 00:00:01 -Confirm:$false

        # Kill the shop once part of the catalogue has arrived, so that deliveries are in flight.
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        $delivered = 0
        while ($delivered -lt 5 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 200
            $delivered = @((Invoke-VendureQuery 'query { productVariants(options: { filter: { sku: { contains: "KB-" } }, take: 1000 }) { totalItems } }').productVariants).totalItems
        }
        Stop-E2EServer $E2E.Vendure
        $deliveredBeforeKill = $delivered
        Start-Sleep -Seconds 3
        Restart-VendureServer $E2E.Vendure

        $deadline = [DateTime]::UtcNow.AddSeconds(180)
        do {
            Start-Sleep -Seconds 1
            $variants = @((Invoke-VendureQuery 'query { productVariants(options: { filter: { sku: { contains: "KB-" } }, take: 1000 }) { items { sku price stockOnHand } } }').productVariants.items)
        } while ($variants.Count -lt $count -and [DateTime]::UtcNow -lt $deadline)
        Start-Sleep -Seconds 3
        Stop-Broadcast -Job $job
        $variants = @((Invoke-VendureQuery 'query { productVariants(options: { filter: { sku: { contains: "KB-" } }, take: 1000 }) { items { sku price stockOnHand } } }').productVariants.items)
        Write-Host "Delivered before the kill: $deliveredBeforeKill of $count; variants after the restart: $($variants.Count)"
    }

    It 'killed the shop in the middle of the broadcast' {
        $deliveredBeforeKill | Should -BeGreaterThan 0
        $deliveredBeforeKill | Should -BeLessThan $count
    }

    It 'ends with every product once in the shop' {
        $variants.Count | Should -Be $count
        @($variants.sku | Select-Object -Unique).Count | Should -Be $count
    }

    It 'ends with the shop equal to the ERP' {
        $bySku = @{}
        foreach ($variant in $variants) { $bySku[$variant.sku] = $variant }
        foreach ($product in $products) {
            $bySku[$product.Sku].price | Should -Be ([long] ([decimal] $product.Price * 100)) -Because $product.Sku
            $bySku[$product.Sku].stockOnHand | Should -Be $product.Stock -Because $product.Sku
        }
    }
}
