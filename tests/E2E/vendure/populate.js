// Creates the schema and the reference data of a fresh Vendure database: one zone, the countries
// of the Northwind customers, a tax rate of 0 %, a shipping method and a dummy payment method.
const { bootstrapWorker } = require('@vendure/core');
const { populate } = require('@vendure/core/cli');
const config = require('./vendure-config.js');

const countries = [
    ['AR', 'Argentina'], ['AT', 'Austria'], ['BE', 'Belgium'], ['BR', 'Brazil'], ['CA', 'Canada'],
    ['DK', 'Denmark'], ['FI', 'Finland'], ['FR', 'France'], ['DE', 'Germany'], ['IE', 'Ireland'],
    ['IT', 'Italy'], ['MX', 'Mexico'], ['NO', 'Norway'], ['PL', 'Poland'], ['PT', 'Portugal'],
    ['ES', 'Spain'], ['SE', 'Sweden'], ['CH', 'Switzerland'], ['GB', 'UK'], ['US', 'USA'],
    ['VE', 'Venezuela'],
];

const initialData = {
    defaultLanguage: 'en',
    defaultZone: 'World',
    taxRates: [{ name: 'No tax', percentage: 0 }],
    shippingMethods: [{ name: 'Standard shipping', price: 0 }],
    paymentMethods: [{
        name: 'Manual payment',
        handler: { code: 'dummy-payment-handler', arguments: [{ name: 'automaticSettle', value: 'true' }] },
    }],
    countries: countries.map(([code, name]) => ({ code, name, zone: 'World' })),
    collections: [],
};

populate(() => bootstrapWorker(config).then(worker => worker.app), initialData)
    .then(app => app.close())
    .then(() => process.exit(0))
    .catch(error => {
        console.error(error);
        process.exit(1);
    });
