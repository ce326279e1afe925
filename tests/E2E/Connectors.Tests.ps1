# Reads and writes through the Tryton and Vendure endpoints, checked through each system's own API.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Vendure product endpoint' {
    BeforeAll {
        $shop = New-VendureEndpoint -Name shop -Entity Product
        $products = @(
            [pscustomobject]@{ Sku = 'CN-V-001'; Name = 'Chai'; Price = '18.00'; Stock = 39 }
            [pscustomobject]@{ Sku = 'CN-V-002'; Name = 'Chang'; Price = '19.05'; Stock = 17 }
            [pscustomobject]@{ Sku = 'CN-V-003'; Name = 'Aniseed Syrup'; Price = '0.10'; Stock = 0 }
            [pscustomobject]@{ Sku = 'CN-V-004'; Name = 'Caviar'; Price = '12345.67'; Stock = 5 }
        )
        $summary = $products | Set-ErpRecord -Endpoint $shop
        $read = @(Get-ErpRecord $shop | Where-Object Sku -like 'CN-V-*' | Sort-Object Sku)
    }

    It 'creates one variant per product' {
        $summary.Created | Should -Be 4
        $summary.Failed | Should -Be 0
    }

    It 'stores prices as exact minor units' {
        (Get-VendureVariant 'CN-V-001').price | Should -Be 1800
        (Get-VendureVariant 'CN-V-002').price | Should -Be 1905
        (Get-VendureVariant 'CN-V-003').price | Should -Be 10
        (Get-VendureVariant 'CN-V-004').price | Should -Be 1234567
    }

    It 'reads prices back as exact decimals' {
        $read.Price | Should -Be @(18.00d, 19.05d, 0.10d, 12345.67d)
        $read[3].Price | Should -BeOfType [decimal]
    }

    It 'reports Vendure variant ids as NativeId' {
        $read[0].NativeId | Should -Be (Get-VendureVariant 'CN-V-001').id
    }

    It 'rejects an insert of an existing SKU' {
        $product = [pscustomobject]@{ Sku = 'CN-V-001'; Name = 'Chai again'; Price = '1.00'; Stock = 1 }
        $record = $product | ConvertTo-ErpRecord -Entity Product
        $writer = $shop.OpenWriter()
        try {
            $outcome = $writer.WriteBatch([ErpSync.Core.Endpoints.WriteOperation[]] @([ErpSync.Core.Endpoints.WriteOperation]::Insert($record.PSObject.BaseObject)), [Threading.CancellationToken]::None)
        }
        finally {
            $writer.Dispose()
        }
        $outcome[0].Error.ErrorId | Should -Be 'VendureSkuExists'
        @(Get-VendureVariant 'CN-V-001').Count | Should -Be 1
    }

    It 'rejects a price with more decimals than the currency' {
        $product = [pscustomobject]@{ Sku = 'CN-V-005'; Name = 'Odd'; Price = '1.005'; Stock = 1 }
        $summary = $product | Set-ErpRecord -Endpoint $shop -ErrorAction SilentlyContinue -ErrorVariable failures
        $summary.Failed | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ValueNotParsed*'
        @(Get-VendureVariant 'CN-V-005').Count | Should -Be 0
    }

    It 'updates price and stock in place' {
        [pscustomobject]@{ Sku = 'CN-V-002'; Name = 'Chang'; Price = '21.99'; Stock = 3 } | Set-ErpRecord -Endpoint $shop | Out-Null
        $variants = Get-VendureVariant 'CN-V-002'
        @($variants).Count | Should -Be 1
        $variants[0].price | Should -Be 2199
        $variants[0].stockOnHand | Should -Be 3
    }
}

Describe 'Tryton product endpoint' {
    BeforeAll {
        $erp = New-TrytonEndpoint -Name erp -Entity Product
        $products = @(
            [pscustomobject]@{ Sku = 'CN-T-001'; Name = 'Tofu'; Price = '23.25'; Stock = 35 }
            [pscustomobject]@{ Sku = 'CN-T-002'; Name = 'Ikura'; Price = '31.00'; Stock = 31 }
        )
        $summary = $products | Set-ErpRecord -Endpoint $erp
        $read = @(Get-ErpRecord $erp | Where-Object Sku -like 'CN-T-*' | Sort-Object Sku)
    }

    It 'creates the products' {
        $summary.Created | Should -Be 2
        $summary.Failed | Should -Be 0
    }

    It 'stores list prices as exact decimals' {
        $rows = Invoke-TrytonModel 'product.product' 'search_read' @(, @(, @('code', '=', 'CN-T-001')), 0, 10, $null, @('list_price', 'code'))
        [decimal] $rows[0].list_price.decimal | Should -Be 23.25d
    }

    It 'sets the stock through an inventory' {
        $read.Stock | Should -Be @(35, 31)
    }

    It 'reports Tryton product ids as NativeId' {
        $rows = Invoke-TrytonModel 'product.product' 'search' @(, @(, @('code', '=', 'CN-T-002')), 0, $null, $null)
        $read[1].NativeId | Should -Be ([string] $rows[0])
    }

    It 'reads a stock change as a change since a time' {
        $inventory = New-TrytonEndpoint -Name erpstock -Entity InventoryLevel -Extra @{ OverlapSec = 0 }
        Start-Sleep -Milliseconds 1500
        $since = [DateTimeOffset]::UtcNow
        [pscustomobject]@{ Sku = 'CN-T-002'; Location = 'WH'; Quantity = 12 } | Set-ErpRecord -Endpoint $inventory | Out-Null
        $changed = @($inventory.Read($since, [Threading.CancellationToken]::None) | ForEach-Object Record | Where-Object { $_.Key.ToString() -like 'CN-T-*' })
        $changed.Count | Should -Be 1
        $changed[0]['Sku'] | Should -Be 'CN-T-002'
        $changed[0]['Quantity'] | Should -Be 12
    }
}

Describe 'Customer endpoints' {
    BeforeAll {
        $erp = New-TrytonEndpoint -Name erp -Entity Customer
        $shop = New-VendureEndpoint -Name shop -Entity Customer
        $customer = [pscustomobject]@{ Email = 'cn-anatr@example.com'; Name = 'Ana Trujillo'; Company = 'Ana Trujillo Emparedados'; Phone = '(5) 555-4729'; Street = 'Avda. de la Constitución 2222'; City = 'México D.F.'; PostalCode = '05021'; Country = 'Mexico' }
        $customer | Set-ErpRecord -Endpoint $erp | Out-Null
        $customer | Set-ErpRecord -Endpoint $shop | Out-Null
    }

    It 'writes and reads the same customer on both systems' {
        $fromErp = Get-ErpRecord $erp | Where-Object Email -eq 'cn-anatr@example.com'
        $fromShop = Get-ErpRecord $shop | Where-Object Email -eq 'cn-anatr@example.com'
        $fromErp.ContentHash | Should -Be $fromShop.ContentHash
        $fromShop.City | Should -Be 'México D.F.'
        $fromErp.Company | Should -Be 'Ana Trujillo Emparedados'
    }

    It 'stores the customer in Vendure under its e-mail address' {
        $data = Invoke-VendureQuery 'query { customers(options: { filter: { emailAddress: { eq: "cn-anatr@example.com" } } }) { items { firstName lastName addresses { postalCode country { code } } } } }'
        $data.customers.items[0].firstName | Should -Be 'Ana'
        $data.customers.items[0].lastName | Should -Be 'Trujillo'
        $data.customers.items[0].addresses[0].country.code | Should -Be 'MX'
    }
}

Describe 'Credentials' {
    It 'keeps the password out of the description and the login error' {
        $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'Wrong-Secret-42' -AsPlainText -Force))
        $erp = New-ErpEndpoint -Name erp -Tryton $E2E.Tryton.Url -Database $E2E.Tryton.Database -Credential $credential -Entity Product -MaxRetries 0
        $erp.Describe() | Should -Not -Match 'Wrong-Secret-42'
        $failure = { Get-ErpRecord $erp } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'RemoteLoginFailed*'
        $failure.Exception.Message | Should -Not -Match 'Wrong-Secret-42'
        $E2E.Tryton.Password | Should -Not -BeNullOrEmpty
        $erp.Describe() | Should -Not -Match ([regex]::Escape($E2E.Tryton.Password))
    }

    It 'keeps the password out of the serialised endpoint' {
        $shop = New-VendureEndpoint -Name shop -Entity Product
        $json = $shop | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        $json | Should -Not -BeNullOrEmpty
        $json | Should -Not -Match ([regex]::Escape($E2E.Vendure.Password))
    }
}
