# Customers created and edited in Tryton and in Vendure converge through Sync-Bidirectional, and a
# conflict follows the policy. Every value is read back through the systems' own APIs.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $erp = New-TrytonEndpoint -Name erp -Entity Customer
    $shop = New-VendureEndpoint -Name shop -Entity Customer
    $statePath = Join-Path $E2E.Workspace 'bidirectional-state.db'

    function Invoke-CustomerSync {
        @(Sync-Bidirectional -Left $erp -Right $shop -ConflictPolicy LeftWins -StatePath $statePath -PassThru -Confirm:$false |
            Where-Object { $_ -is [ErpSync.Core.Patterns.Synchronization.ErpSyncChange] -and $_.Key -like 'bd-*' })
    }

    function Get-TrytonCity([string] $Email) {
        $party = Invoke-TrytonModel 'party.party' 'search' @(@(@('contact_mechanisms.value', '=', $Email)), 0, $null, $null)
        $addresses = Invoke-TrytonModel 'party.address' 'search_read' @(@(, @('party', '=', $party[0])), 0, 1, $null, @('city'))
        return $addresses[0].city
    }

    function Get-VendureCustomer([string] $Email) {
        $data = Invoke-VendureQuery 'query($e: String!) { customers(options: { filter: { emailAddress: { eq: $e } } }) { items { id firstName lastName phoneNumber addresses { city } } } }' @{ e = $Email }
        return @($data.customers.items)
    }

    [pscustomobject]@{ Email = 'bd-erp@example.com'; Name = 'Hanna Moos'; Phone = '0621-08460'; City = 'Mannheim'; Country = 'Germany' } |
        Set-ErpRecord -Endpoint $erp | Out-Null
    [pscustomobject]@{ Email = 'bd-shop@example.com'; Name = 'Frédérique Citeaux'; Phone = '88.60.15.31'; City = 'Strasbourg'; Country = 'France' } |
        Set-ErpRecord -Endpoint $shop | Out-Null
    $firstRun = Invoke-CustomerSync
}

Describe 'Sync-Bidirectional between Tryton and Vendure customers' {
    It 'creates each side''s new customer on the other side' {
        ($firstRun | Where-Object Key -eq 'bd-erp@example.com').Action | Should -Be 'Created'
        ($firstRun | Where-Object Key -eq 'bd-erp@example.com').Side | Should -Be 'Right'
        ($firstRun | Where-Object Key -eq 'bd-shop@example.com').Action | Should -Be 'Created'
        ($firstRun | Where-Object Key -eq 'bd-shop@example.com').Side | Should -Be 'Left'
        $shopCopy = Get-VendureCustomer 'bd-erp@example.com'
        $shopCopy.Count | Should -Be 1
        $shopCopy[0].lastName | Should -Be 'Moos'
        $shopCopy[0].addresses[0].city | Should -Be 'Mannheim'
        Get-TrytonCity 'bd-shop@example.com' | Should -Be 'Strasbourg'
    }

    It 'copies an edit on either side to the other' {
        [pscustomobject]@{ Email = 'bd-erp@example.com'; City = 'Heidelberg' } | Set-ErpRecord -Endpoint $shop | Out-Null
        [pscustomobject]@{ Email = 'bd-shop@example.com'; Phone = '88.60.15.32' } | Set-ErpRecord -Endpoint $erp | Out-Null
        $run = Invoke-CustomerSync
        ($run | Where-Object Key -eq 'bd-erp@example.com').Side | Should -Be 'Left'
        ($run | Where-Object Key -eq 'bd-shop@example.com').Side | Should -Be 'Right'
        Get-TrytonCity 'bd-erp@example.com' | Should -Be 'Heidelberg'
        (Get-VendureCustomer 'bd-shop@example.com')[0].phoneNumber | Should -Be '88.60.15.32'
    }

    It 'settles a conflict with LeftWins so the ERP value wins on both sides' {
        [pscustomobject]@{ Email = 'bd-erp@example.com'; City = 'Munich' } | Set-ErpRecord -Endpoint $erp | Out-Null
        [pscustomobject]@{ Email = 'bd-erp@example.com'; City = 'Cologne' } | Set-ErpRecord -Endpoint $shop | Out-Null
        $run = Invoke-CustomerSync
        Get-TrytonCity 'bd-erp@example.com' | Should -Be 'Munich'
        (Get-VendureCustomer 'bd-erp@example.com')[0].addresses[0].city | Should -Be 'Munich'
        @(Get-VendureCustomer 'bd-erp@example.com').Count | Should -Be 1
    }

    It 'writes nothing on a rerun once both sides agree' {
        $run = Invoke-CustomerSync
        @($run | Where-Object Action -in 'Created', 'Updated', 'Conflict').Count | Should -Be 0
        (Get-ErpRecord $erp | Where-Object Email -eq 'bd-erp@example.com').ContentHash |
            Should -Be (Get-ErpRecord $shop | Where-Object Email -eq 'bd-erp@example.com').ContentHash
    }
}
