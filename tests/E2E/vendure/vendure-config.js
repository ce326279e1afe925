// Vendure configuration for the end-to-end tests: one server on 127.0.0.1 with an SQLite database.
// Settings come from environment variables set by tests/E2E/Systems.psm1.
const path = require('path');
const { DefaultJobQueuePlugin, dummyPaymentHandler } = require('@vendure/core');

function required(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`The environment variable ${name} is not set.`);
    }
    return value;
}

module.exports = {
    apiOptions: {
        hostname: '127.0.0.1',
        port: Number(required('ERPSYNC_VENDURE_PORT')),
        adminApiPath: 'admin-api',
        shopApiPath: 'shop-api',
    },
    authOptions: {
        tokenMethod: ['bearer', 'cookie'],
        superadminCredentials: {
            identifier: 'superadmin',
            password: required('ERPSYNC_VENDURE_PASSWORD'),
        },
        cookieOptions: { secret: 'erpsync-e2e-cookie-secret' },
    },
    dbConnectionOptions: {
        type: 'better-sqlite3',
        synchronize: true,
        logging: false,
        database: path.resolve(required('ERPSYNC_VENDURE_DATABASE')),
    },
    paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
    plugins: [DefaultJobQueuePlugin],
};
