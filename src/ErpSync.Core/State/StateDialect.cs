using System.Data.Common;

namespace ErpSync.Core.State
{
    /// <summary>
    /// What differs between the databases that can hold a state store: column types, where the
    /// schema version is kept, and how a transaction excludes other writers. The statements of the
    /// stores are written once, with @name parameters and INSERT … ON CONFLICT upserts, which both
    /// SQLite (3.24 and later) and PostgreSQL understand.
    /// </summary>
    internal abstract class StateDialect
    {
        public static readonly StateDialect Sqlite = new SqliteStateDialect();

        /// <summary>The database's name as shown in messages.</summary>
        public abstract string Name { get; }

        /// <summary>The clause that locks the rows a SELECT reads until the transaction ends; empty where the transaction already excludes other writers.</summary>
        public abstract string ForUpdate { get; }

        /// <summary>Runs the settings that every new connection needs.</summary>
        public abstract void Configure(StateStore store);

        /// <summary>Rewrites a schema statement of <see cref="StateSchema"/>, written for SQLite, for this database.</summary>
        public abstract string SchemaStatement(string sql);

        /// <summary>Reads the schema version; 0 for an empty database.</summary>
        public abstract int ReadVersion(StateStore store, DbTransaction? transaction);

        /// <summary>Creates what the version bookkeeping needs; runs inside the upgrade transaction, before <see cref="ReadVersion"/>.</summary>
        public abstract void PrepareUpgrade(StateStore store, DbTransaction transaction);

        public abstract void WriteVersion(StateStore store, DbTransaction transaction, int version);

        /// <summary>
        /// Starts a transaction that no other writer holding the same <paramref name="lockName"/>
        /// interleaves with. SQLite takes its database-wide write lock, whatever the name;
        /// PostgreSQL takes a transaction-level advisory lock on the name's hash.
        /// </summary>
        public abstract DbTransaction Begin(DbConnection connection, string lockName);
    }
}
