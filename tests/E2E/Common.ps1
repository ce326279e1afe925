# Shared by the end-to-end test files: imports the built module and creates endpoints on the
# servers that run.ps1 started. Dot-source it in BeforeAll.

if (-not (Get-Variable -Name ErpSyncE2E -Scope Global -ErrorAction SilentlyContinue)) {
    throw 'The end-to-end tests need the servers that tests/E2E/run.ps1 starts; run ./build.ps1 E2E.'
}

$E2E = $global:ErpSyncE2E
Import-Module $E2E.ModulePath -Force

function New-TrytonEndpoint([string] $Name, [string] $Entity, [hashtable] $Extra = @{}) {
    $credential = [pscredential]::new('admin', (ConvertTo-SecureString $E2E.Tryton.Password -AsPlainText -Force))
    New-ErpEndpoint -Name $Name -Tryton $E2E.Tryton.Url -Database $E2E.Tryton.Database -Credential $credential -Entity $Entity @Extra
}

function New-VendureEndpoint([string] $Name, [string] $Entity, [hashtable] $Extra = @{}) {
    $credential = [pscredential]::new('superadmin', (ConvertTo-SecureString $E2E.Vendure.Password -AsPlainText -Force))
    New-ErpEndpoint -Name $Name -Vendure $E2E.Vendure.Url -Credential $credential -Entity $Entity @Extra
}

# Runs a GraphQL query on Vendure's Admin API as the superadmin and returns its data.
function Invoke-VendureQuery([string] $Query, [hashtable] $Variables = @{}) {
    $login = @{ query = 'mutation($u: String!, $p: String!) { authenticate(input: { native: { username: $u, password: $p } }) { __typename } }'; variables = @{ u = 'superadmin'; p = $E2E.Vendure.Password } } | ConvertTo-Json -Depth 5
    $response = Invoke-WebRequest -Uri $E2E.Vendure.Url -Method Post -Body $login -ContentType 'application/json'
    $token = @($response.Headers['vendure-auth-token'])[0]
    $body = @{ query = $Query; variables = $Variables } | ConvertTo-Json -Depth 20
    $answer = Invoke-RestMethod -Uri $E2E.Vendure.Url -Method Post -Body $body -ContentType 'application/json' -Headers @{ Authorization = "Bearer $token" }
    if ($answer.PSObject.Properties['errors'] -and $answer.errors) {
        throw "Vendure rejected the query: $($answer.errors | ConvertTo-Json -Depth 5 -Compress)"
    }
    return $answer.data
}

# Runs a Tryton model method over JSON-RPC as admin and returns its result.
function Invoke-TrytonModel([string] $Model, [string] $Method, [object[]] $Parameters) {
    Connect-TrytonTest
    return Invoke-TrytonCall $E2E.Tryton "model.$Model.$Method" ($Parameters + @(@{ company = 1 }))
}

function Connect-TrytonTest {
    if (-not $E2E.Tryton.Session) {
        Connect-Tryton $E2E.Tryton
    }
}

# Returns the Vendure variants with a SKU, to count duplicates.
function Get-VendureVariant([string] $Sku) {
    $data = Invoke-VendureQuery 'query($sku: String!) { productVariants(options: { filter: { sku: { eq: $sku } } }) { items { id sku price stockOnHand } } }' @{ sku = $Sku }
    return @($data.productVariants.items)
}
