using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Hardening
{
    public sealed class SqliteMissingKeyColumnTests
    {
        [Fact]
        public void Table_without_key_column_fails_once_naming_it()
        {
            using var folder = new TempFolder();
            var database = folder.File("erp.db");
            using (var connection = new SqliteConnection("Data Source=" + database + ";Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE customers (mail TEXT, name TEXT); INSERT INTO customers VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bob');";
                command.ExecuteNonQuery();
            }

            var endpoint = new SqliteEndpoint(new EndpointOptions("erp", BuiltInSchemas.Customer), new SqliteEndpointOptions(database) { Table = "customers" });

            var error = Assert.Throws<ErpSyncException>(() => endpoint.Read().ToList());

            Assert.Equal(ErrorIds.FieldMissing, error.ErrorId);
            Assert.Contains("no column 'Email' for the field 'Email'", error.Message);
            Assert.Contains("columns: mail, name", error.Message);
        }
    }
}
