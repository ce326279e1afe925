# Shared by the end-to-end test files: imports the built module and creates endpoints on the
# servers that run.ps1 started. Dot-source it in BeforeAll.

if (-not (Get-Variable -Name ErpSyncE2E -Scope Global -ErrorAction SilentlyContinue)) {
    throw 'The end-to-end tests need the servers that tests/E2E/run.ps1 starts; run ./build.ps1 E2E.'
}

$E2E = $global:ErpSyncE2E
if (-not $E2E.Vendure.PSObject.Properties['Token']) {
    $E2E.Vendure | Add-Member -NotePropertyName Token -NotePropertyValue $null
}
Import-Module $E2E.ModulePath -Force

function New-TrytonEndpoint([string] $Name, [string] $Entity, [hashtable] $Extra = @{}) {
    $credential = [pscredential]::new('admin', (ConvertTo-SecureString $E2E.Tryton.Password -AsPlainText -Force))
    New-ErpEndpoint -Name $Name -Tryton $E2E.Tryton.Url -Database $E2E.Tryton.Database -Credential $credential -Entity $Entity @Extra
}

function New-VendureEndpoint([string] $Name, [string] $Entity, [hashtable] $Extra = @{}) {
    $credential = [pscredential]::new('superadmin', (ConvertTo-SecureString $E2E.Vendure.Password -AsPlainText -Force))
    New-ErpEndpoint -Name $Name -Vendure $E2E.Vendure.Url -Credential $credential -Entity $Entity @Extra
}

# Runs a GraphQL query on Vendure's Admin API as the superadmin and returns its data. The token is
# kept between calls, because a login costs a password hash on the server.
function Invoke-VendureQuery([string] $Query, [hashtable] $Variables = @{}) {
    $body = @{ query = $Query; variables = $Variables } | ConvertTo-Json -Depth 20
    for ($attempt = 1; ; $attempt++) {
        if (-not $E2E.Vendure.Token) {
            $login = @{ query = 'mutation($u: String!, $p: String!) { authenticate(input: { native: { username: $u, password: $p } }) { __typename } }'; variables = @{ u = 'superadmin'; p = $E2E.Vendure.Password } } | ConvertTo-Json -Depth 5
            $response = Invoke-WebRequest -Uri $E2E.Vendure.Url -Method Post -Body $login -ContentType 'application/json'
            $E2E.Vendure.Token = @($response.Headers['vendure-auth-token'])[0]
        }
        $answer = Invoke-RestMethod -Uri $E2E.Vendure.Url -Method Post -Body $body -ContentType 'application/json' -Headers @{ Authorization = "Bearer $($E2E.Vendure.Token)" }
        $forbidden = $answer.PSObject.Properties['errors'] -and @($answer.errors | Where-Object { $_.extensions.code -eq 'FORBIDDEN' }).Count -gt 0
        if ($forbidden -and $attempt -eq 1) {
            $E2E.Vendure.Token = $null
            continue
        }
        if ($answer.PSObject.Properties['errors'] -and $answer.errors) {
            throw "Vendure rejected the query: $($answer.errors | ConvertTo-Json -Depth 5 -Compress)"
        }
        return $answer.data
    }
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

# Places an order in Vendure through the Admin API's draft orders and pays it with the manual
# payment method; returns the order's code and total in minor units.
function New-VendureOrder([string] $Email, [string] $LastName, [object[]] $Lines) {
    $order = (Invoke-VendureQuery 'mutation { createDraftOrder { id } }').createDraftOrder
    foreach ($line in $Lines) {
        $variant = (Get-VendureVariant $line.Sku)[0]
        $added = Invoke-VendureQuery 'mutation($id: ID!, $v: ID!, $q: Int!) { addItemToDraftOrder(orderId: $id, input: { productVariantId: $v, quantity: $q }) { __typename ... on ErrorResult { message } } }' @{ id = $order.id; v = $variant.id; q = $line.Quantity }
        if ($added.addItemToDraftOrder.__typename -ne 'Order') { throw "addItemToDraftOrder failed: $($added.addItemToDraftOrder.message)" }
    }
    $customer = Invoke-VendureQuery 'mutation($id: ID!, $e: String!, $l: String!) { setCustomerForDraftOrder(orderId: $id, input: { emailAddress: $e, firstName: "", lastName: $l }) { __typename ... on ErrorResult { message } } }' @{ id = $order.id; e = $Email; l = $LastName }
    if ($customer.setCustomerForDraftOrder.__typename -ne 'Order') { throw "setCustomerForDraftOrder failed: $($customer.setCustomerForDraftOrder.message)" }
    Invoke-VendureQuery 'mutation($id: ID!) { setDraftOrderShippingAddress(orderId: $id, input: { streetLine1: "Main Street 1", countryCode: "DE" }) { id } }' @{ id = $order.id } | Out-Null
    $methods = (Invoke-VendureQuery 'query($id: ID!) { eligibleShippingMethodsForDraftOrder(orderId: $id) { id } }' @{ id = $order.id }).eligibleShippingMethodsForDraftOrder
    Invoke-VendureQuery 'mutation($id: ID!, $m: ID!) { setDraftOrderShippingMethod(orderId: $id, shippingMethodId: $m) { __typename } }' @{ id = $order.id; m = $methods[0].id } | Out-Null
    $moved = Invoke-VendureQuery 'mutation($id: ID!) { transitionOrderToState(id: $id, state: "ArrangingPayment") { __typename ... on ErrorResult { message } } }' @{ id = $order.id }
    if ($moved.transitionOrderToState.__typename -ne 'Order') { throw "transitionOrderToState failed: $($moved.transitionOrderToState.message)" }
    $method = (Invoke-VendureQuery 'query { paymentMethods { items { code } } }').paymentMethods.items[0].code
    $paid = Invoke-VendureQuery 'mutation($id: ID!, $m: String!) { addManualPaymentToOrder(input: { orderId: $id, method: $m, transactionId: "e2e", metadata: {} }) { __typename ... on Order { code state totalWithTax } ... on ErrorResult { message } } }' @{ id = $order.id; m = $method }
    if ($paid.addManualPaymentToOrder.__typename -ne 'Order') { throw "addManualPaymentToOrder failed: $($paid.addManualPaymentToOrder.message)" }
    return $paid.addManualPaymentToOrder
}
