using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Records;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ErpSync.Core.Tests.Performance
{
    /// <summary>
    /// A write that another connection's lock kept waiting past the busy timeout fails as a whole,
    /// with an error that names the database and what to do, instead of failing record by record.
    /// </summary>
    public sealed class SqliteLockErrorTests
    {
        [Theory]
        [InlineData(5, true)]
        [InlineData(6, true)]
        [InlineData(19, false)]
        [InlineData(1, false)]
        public void Busy_and_locked_count_as_lock(int code, bool locked)
        {
            Assert.Equal(locked, SqliteEndpoint.IsLocked(new SqliteException("SQLite Error", code)));
        }

        [Fact]
        public void Lock_error_names_database_and_fix()
        {
            var endpoint = new SqliteEndpoint(
                new EndpointOptions("shop", BuiltInSchemas.Product),
                new SqliteEndpointOptions("/data/shop.db") { Table = "products" });

            var error = endpoint.LockedForWrite(new SqliteException("SQLite Error 5: 'database is locked'.", 5));

            Assert.Equal(ErrorIds.SqliteError, error.ErrorId);
            Assert.Equal(ErrorKind.ResourceUnavailable, error.Kind);
            Assert.StartsWith($"Writing to the {endpoint.Describe()} failed: another connection held a lock on the database '/data/shop.db' for more than 30 s", error.Message);
            Assert.EndsWith("Close the program that holds the lock (an open sqlite3 shell or another job, for example) and run again.", error.Message);
        }
    }
}
