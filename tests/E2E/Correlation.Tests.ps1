# Prices of the products that both Tryton and Vendure know are kept equal by Sync-Correlated; a
# product that only one system knows is reported and never created on the other.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $erp = New-TrytonEndpoint -Name erp -Entity Product
    $shop = New-VendureEndpoint -Name shop -Entity Product
    $statePath = Join-Path $E2E.Workspace 'correlation-state.db'

    function Invoke-PriceSync {
        @(Sync-Correlated -Left $erp -Right $shop -ConflictPolicy LeftWins -ExcludeField Name, Stock -StatePath $statePath -PassThru -Confirm:$false |
            Where-Object { $_ -is [ErpSync.Core.Patterns.Synchronization.ErpSyncChange] -and $_.Key -like 'cr-*' })
    }

    function Get-TrytonPrice([string] $Sku) {
        $rows = Invoke-TrytonModel 'product.product' 'search_read' @(@(, @('code', '=', $Sku)), 0, 10, $null, @('list_price'))
        return [decimal] $rows[0].list_price.decimal
    }

    @(
        [pscustomobject]@{ Sku = 'CR-001'; Name = 'Gravad lax'; Price = '26.00'; Stock = 11 }
        [pscustomobject]@{ Sku = 'CR-002'; Name = 'Gula Malacca'; Price = '19.45'; Stock = 27 }
        [pscustomobject]@{ Sku = 'CR-003'; Name = 'Only in the ERP'; Price = '5.00'; Stock = 1 }
    ) | Set-ErpRecord -Endpoint $erp | Out-Null
    @(
        [pscustomobject]@{ Sku = 'CR-001'; Name = 'Gravad lax'; Price = '27.50'; Stock = 11 }
        [pscustomobject]@{ Sku = 'CR-002'; Name = 'Gula Malacca'; Price = '19.45'; Stock = 27 }
        [pscustomobject]@{ Sku = 'CR-004'; Name = 'Only in the shop'; Price = '7.00'; Stock = 1 }
    ) | Set-ErpRecord -Endpoint $shop | Out-Null
    $firstRun = Invoke-PriceSync
}

Describe 'Sync-Correlated on Tryton and Vendure prices' {
    It 'makes the shop price equal to the ERP price where they differ' {
        ($firstRun | Where-Object Key -eq 'cr-001').Side | Should -Be 'Right'
        (Get-VendureVariant 'CR-001')[0].price | Should -Be 2600
        Get-TrytonPrice 'CR-001' | Should -Be 26.00d
    }

    It 'adopts equal prices without a write' {
        ($firstRun | Where-Object Key -eq 'cr-002').Action | Should -Be 'Adopted'
        (Get-VendureVariant 'CR-002')[0].price | Should -Be 1945
    }

    It 'creates nothing on either side' {
        ($firstRun | Where-Object Key -eq 'cr-003').Action | Should -Be 'OnlyLeft'
        ($firstRun | Where-Object Key -eq 'cr-004').Action | Should -Be 'OnlyRight'
        @(Get-VendureVariant 'CR-003').Count | Should -Be 0
        @(Invoke-TrytonModel 'product.product' 'search' @(@(, @('code', '=', 'CR-004')), 0, $null, $null)).Count | Should -Be 0
    }

    It 'copies a later ERP price change to the shop' {
        [pscustomobject]@{ Sku = 'CR-002'; Price = '24.99' } | Set-ErpRecord -Endpoint $erp | Out-Null
        $run = Invoke-PriceSync
        ($run | Where-Object Key -eq 'cr-002').Action | Should -Be 'Updated'
        (Get-VendureVariant 'CR-002')[0].price | Should -Be 2499
        @(Get-VendureVariant 'CR-002').Count | Should -Be 1
    }

    It 'copies a shop price change back to the ERP' {
        [pscustomobject]@{ Sku = 'CR-001'; Price = '25.10' } | Set-ErpRecord -Endpoint $shop | Out-Null
        Invoke-PriceSync | Out-Null
        Get-TrytonPrice 'CR-001' | Should -Be 25.10d
    }
}
