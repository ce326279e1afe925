using System;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ErpSync.Core.State
{
    /// <summary>The state store in a SQLite file: WAL mode, version in PRAGMA user_version, BEGIN IMMEDIATE.</summary>
    internal sealed class SqliteStateDialect : StateDialect
    {
        public override string Name => "SQLite";

        public override string ForUpdate => string.Empty;

        public override void Configure(StateStore store)
        {
            store.Execute("PRAGMA journal_mode = WAL");
            store.Execute("PRAGMA busy_timeout = 30000");
            store.Execute("PRAGMA synchronous = NORMAL");
        }

        public override string SchemaStatement(string sql) => sql;

        public override int ReadVersion(StateStore store, DbTransaction? transaction) =>
            Convert.ToInt32(store.Scalar("PRAGMA user_version", transaction), CultureInfo.InvariantCulture);

        public override void PrepareUpgrade(StateStore store, DbTransaction transaction)
        {
        }

        public override void WriteVersion(StateStore store, DbTransaction transaction, int version) =>
            store.Execute("PRAGMA user_version = " + version.ToString(CultureInfo.InvariantCulture), transaction);

        /// <summary>Takes the write lock at once, so two processes never interleave a read-then-write.</summary>
        public override DbTransaction Begin(DbConnection connection, string lockName) =>
            ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }
}
