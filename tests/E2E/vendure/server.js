// Starts the Vendure server and its job queue worker in one process.
const { bootstrap, bootstrapWorker } = require('@vendure/core');
const config = require('./vendure-config.js');

bootstrap(config)
    .then(() => bootstrapWorker(config))
    .then(worker => worker.startJobQueue())
    .catch(error => {
        console.error(error);
        process.exit(1);
    });
