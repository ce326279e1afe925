using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using ErpSync.Core.Endpoints;
using ErpSync.Core.Endpoints.Csv;
using ErpSync.Core.Endpoints.PostgreSql;
using ErpSync.Core.Endpoints.Sqlite;
using ErpSync.Core.Mapping;
using ErpSync.Core.Records;
using Npgsql;
using Xunit;

namespace ErpSync.Core.Tests.PostgreSql;

public sealed class PostgreSqlEndpointTests : IClassFixture<PostgreSqlTestDatabase>, IDisposable
{
    // unit_price is a real (4-byte float) column: product 5 stores 21.3500004 and reads as 21.35 only
    // after rounding to 7 significant digits. The cast makes the server round to cents, so the
    // endpoint receives the exact decimal 21.35 and no binary fraction reaches a record.
    private const string ProductQuery =
        "SELECT 'NW-' || lpad(p.product_id::text, 3, '0') AS sku, p.product_name AS name, c.category_name AS category, " +
        "s.company_name AS supplier, p.unit_price::numeric(10,2) AS price, p.units_in_stock AS stock, p.discontinued = 0 AS active " +
        "FROM products p LEFT JOIN categories c ON c.category_id = p.category_id " +
        "LEFT JOIN suppliers s ON s.supplier_id = p.supplier_id ORDER BY p.product_id";

    private readonly PostgreSqlTestDatabase database;
    private readonly string workFolder = Path.Combine(Path.GetTempPath(), "erpsync-pg-tests-" + Guid.NewGuid().ToString("N"));

    public PostgreSqlEndpointTests(PostgreSqlTestDatabase database)
    {
        this.database = database;
        Directory.CreateDirectory(workFolder);
    }

    public void Dispose() => Directory.Delete(workFolder, recursive: true);

    [SkippableFact]
    public void Reading_the_product_query_returns_77_products_with_exact_prices()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var endpoint = Products(query: ProductQuery);
        var items = endpoint.Read().ToList();

        Assert.Equal(77, items.Count);
        Assert.All(items, item => Assert.Null(item.Error));
        var gumbo = items[4].Record!;
        Assert.Equal("NW-005", gumbo.Key.ToString());
        Assert.Equal("Chef Anton's Gumbo Mix", gumbo.Fields.Get("Name"));
        Assert.Equal(21.35m, gumbo.Fields.Get("Price"));
        Assert.Equal("21.35", ((decimal)gumbo.Fields.Get("Price")!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(false, gumbo.Fields.Get("Active"));
        Assert.Equal("Condiments", gumbo.Fields.Get("Category"));
        Assert.Equal("New Orleans Cajun Delights", gumbo.Fields.Get("Supplier"));
        Assert.Equal(263.5m, items[37].Record!.Fields.Get("Price"));
        Assert.Equal("Original Frankfurter grüne Soße", items[76].Record!.Fields.Get("Name"));
        Assert.Equal(2220.21m, items.Sum(i => (decimal)i.Record!.Fields.Get("Price")!));
        Assert.Equal(77L, endpoint.CountRecords());
    }

    [SkippableFact]
    public void Migration_from_PostgreSQL_to_SQLite_keeps_every_product_and_price()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var source = Products(query: ProductQuery);
        using var target = new SqliteEndpoint(new EndpointOptions("shop", BuiltInSchemas.Product), new SqliteEndpointOptions(Path.Combine(workFolder, "shop.db")) { Table = "products", CreateTable = true });
        var outcomes = Write(target, source.Read().Select(i => WriteOperation.Upsert(i.Record!)));

        Assert.Equal(77, outcomes.Count(o => o.Result == WriteResultKind.Created));
        var copied = target.Read().Select(i => i.Record!).ToDictionary(r => r.Key.ToString());
        Assert.Equal(77, copied.Count);
        Assert.Equal(21.35m, copied["NW-005"].Fields.Get("Price"));
        Assert.Equal(2220.21m, copied.Values.Sum(r => (decimal)r.Fields.Get("Price")!));
    }

    [SkippableFact]
    public void Migration_from_CSV_to_PostgreSQL_creates_a_typed_table_with_a_composite_primary_key()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        var csvPath = Path.Combine(PostgreSqlTestDatabase.RepositoryRoot, "samples/fixtures/warehouse-north.csv");
        using var source = new CsvEndpoint(new EndpointOptions("warehouse", BuiltInSchemas.InventoryLevel), new CsvEndpointOptions(csvPath));
        using var target = new PostgreSqlEndpoint(new EndpointOptions("erp", BuiltInSchemas.InventoryLevel), new PostgreSqlEndpointOptions(database.ConnectionString!) { Table = "public.stock_from_csv", CreateTable = true });
        var outcomes = Write(target, source.Read().Select(i => WriteOperation.Upsert(i.Record!)));

        Assert.Equal(10, outcomes.Count(o => o.Result == WriteResultKind.Created));
        Assert.Equal(120m, database.Scalar("SELECT \"Quantity\" FROM stock_from_csv WHERE \"Sku\" = 'NW-001' AND \"Location\" = 'NORTH'"));
        Assert.Equal(411m, database.Scalar("SELECT sum(\"Quantity\") FROM stock_from_csv"));
        Assert.Equal("numeric", database.Scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'stock_from_csv' AND column_name = 'Quantity'"));
        Assert.Equal("timestamp with time zone", database.Scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'stock_from_csv' AND column_name = 'ModifiedAt'"));
        Assert.Equal("Location,Sku", database.Scalar(
            "SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) " +
            "WHERE i.indrelid = 'stock_from_csv'::regclass AND i.indisprimary"));
        var read = target.Read().Select(i => i.Record!).ToDictionary(r => r.Key.ToString());
        Assert.Equal(35m, read["NW-002|NORTH"].Fields.Get("Quantity"));
    }

    [SkippableFact]
    public void Writing_the_same_77_products_twice_changes_no_row()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var source = Products(query: ProductQuery);
        var records = source.Read().Select(i => i.Record!).ToList();
        using var target = Products(table: "public.products_copy", createTable: true);
        var first = Write(target, records.Select(WriteOperation.Upsert));
        var versionsBefore = RowVersions("products_copy");
        var second = Write(target, records.Select(WriteOperation.Upsert));
        var versionsAfter = RowVersions("products_copy");

        Assert.Equal(77, first.Count(o => o.Result == WriteResultKind.Created));
        Assert.Equal(77, second.Count(o => o.Result == WriteResultKind.Updated));
        Assert.Equal(77, versionsAfter.Count);
        Assert.Equal(versionsBefore, versionsAfter);
        Assert.Equal(21.35m, database.Scalar("SELECT \"Price\" FROM products_copy WHERE \"Sku\" = 'NW-005'"));
    }

    [SkippableFact]
    public void Empty_table_loads_one_copy_per_batch()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var source = Products(query: ProductQuery);
        using var target = Products(table: "public.products_bulk", createTable: true);
        var outcomes = Write(target, source.Read().Select(i => WriteOperation.Upsert(i.Record!)));

        // A row written inside a savepoint carries the savepoint's own transaction id, while COPY
        // writes every row of a batch under the batch's id: 77 rows in batches of 25 give 4 ids.
        Assert.Equal(77, outcomes.Count(o => o.Result == WriteResultKind.Created));
        Assert.Equal(4L, database.Scalar("SELECT count(DISTINCT xmin::text) FROM products_bulk"));
        Assert.Equal(2220.21m, database.Scalar("SELECT sum(\"Price\") FROM products_bulk"));
    }

    [SkippableFact]
    public void ReadByKeys_returns_rows_of_given_keys()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        database.Execute("CREATE TABLE keyed_lines (\"OrderNumber\" text, \"LineNumber\" integer, \"Sku\" text, \"Quantity\" numeric)");
        database.Execute("INSERT INTO keyed_lines VALUES ('1001', 1, 'A', 1), ('1001', 2, 'B', 2), ('1002', 1, 'C', 3)");
        using var lines = new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.OrderLine),
            new PostgreSqlEndpointOptions(database.ConnectionString!) { Table = "public.keyed_lines" });
        using var products = Products(query: ProductQuery);
        using var table = Products(table: "public.keyed_products", createTable: true);
        Write(table, products.Read().Select(i => WriteOperation.Upsert(i.Record!)));
        var keys = new[]
        {
            new RecordKey(new[] { "1001", "2" }, KeyNormalization.Default),
            new RecordKey(new[] { "1002", "1" }, KeyNormalization.Default),
            new RecordKey(new[] { "1003", "1" }, KeyNormalization.Default),
        };

        var records = lines.ReadByKeys(keys, default)!.Select(i => i.Record!).OrderBy(r => r["Sku"]).ToList();
        var product = Assert.Single(table.ReadByKeys(new[] { RecordKey.Single("NW-005"), RecordKey.Single("nw-005") }, default)!).Record!;

        Assert.Equal(new[] { "B", "C" }, records.Select(r => (string)r["Sku"]!));
        Assert.Equal(new[] { "1001|2", "1002|1" }, records.Select(r => r.Key.ToString()));
        Assert.All(records, r => Assert.Null(r.Position));
        Assert.Equal(21.35m, product["Price"]);
        Assert.Null(products.ReadByKeys(keys, default));
    }

    [SkippableFact]
    public void Upsert_changes_only_the_changed_row()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var source = Products(query: ProductQuery);
        var records = source.Read().Select(i => i.Record!).ToList();
        using var target = Products(table: "public.products_changed", createTable: true);
        Write(target, records.Select(WriteOperation.Upsert));
        var versionsBefore = RowVersions("products_changed");
        var changed = records[4].Clone();
        changed.Fields.Set("Price", 22.50m);
        Write(target, new[] { WriteOperation.Upsert(changed) });
        var versionsAfter = RowVersions("products_changed");

        Assert.Equal(new[] { "NW-005" }, versionsBefore.Keys.Where(k => versionsBefore[k] != versionsAfter[k]).ToArray());
        Assert.Equal(22.5m, database.Scalar("SELECT \"Price\" FROM products_changed WHERE \"Sku\" = 'NW-005'"));
    }

    [SkippableFact]
    public void Upsert_into_a_table_without_a_unique_key_updates_then_inserts()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        database.Execute("CREATE TABLE no_key_products (\"Sku\" text, \"Name\" text, \"Price\" numeric(10,2))");
        database.Execute("INSERT INTO no_key_products VALUES ('NW-001', 'Chai', 18.00)");
        using var target = Products(table: "no_key_products");
        var outcomes = Write(target, new[]
        {
            WriteOperation.Upsert(Product("NW-001", "Chai tea", 18.25m)),
            WriteOperation.Upsert(Product("NW-002", "Chang", 19m)),
        });

        Assert.Equal(new[] { WriteResultKind.Updated, WriteResultKind.Created }, outcomes.Select(o => o.Result).ToArray());
        Assert.Equal("Chai tea", database.Scalar("SELECT \"Name\" FROM no_key_products WHERE \"Sku\" = 'NW-001'"));
        Assert.Equal(2L, database.Scalar("SELECT count(*) FROM no_key_products"));
    }

    [SkippableFact]
    public void A_record_violating_a_constraint_fails_alone()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        database.Execute("CREATE TABLE checked_products (\"Sku\" text PRIMARY KEY, \"Name\" text, \"Price\" numeric(10,2) CONSTRAINT price_not_negative CHECK (\"Price\" >= 0))");
        using var target = Products(table: "checked_products");
        var outcomes = Write(target, new[]
        {
            WriteOperation.Upsert(Product("NW-001", "Chai", 18m)),
            WriteOperation.Upsert(Product("NW-002", "Chang", -1m)),
            WriteOperation.Upsert(Product("NW-003", "Aniseed Syrup", 10m)),
        });

        Assert.Equal(new[] { WriteResultKind.Created, WriteResultKind.Failed, WriteResultKind.Created }, outcomes.Select(o => o.Result).ToArray());
        var error = outcomes[1].Error!;
        Assert.Equal(ErrorIds.WriteFailed, error.ErrorId);
        Assert.Equal("NW-002", error.Key);
        Assert.Contains("price_not_negative", error.Message);
        Assert.Equal("NW-001,NW-003", database.Scalar("SELECT string_agg(\"Sku\", ',' ORDER BY \"Sku\") FROM checked_products"));
        Assert.Equal(2L, database.Scalar("SELECT count(DISTINCT xmin::text) FROM checked_products"));
    }

    [SkippableFact]
    public void Delete_removes_the_row_and_reports_a_missing_key_as_not_found()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var target = Products(table: "public.deleted_products", createTable: true);
        Write(target, new[] { WriteOperation.Upsert(Product("NW-001", "Chai", 18m)) });
        var outcomes = Write(target, new[]
        {
            WriteOperation.Delete(RecordKey.Single("NW-001")),
            WriteOperation.Delete(RecordKey.Single("NW-999")),
        });

        Assert.Equal(new[] { WriteResultKind.Deleted, WriteResultKind.NotFound }, outcomes.Select(o => o.Result).ToArray());
        Assert.Equal(0L, database.Scalar("SELECT count(*) FROM deleted_products"));
    }

    [SkippableFact]
    public void Schema_and_table_names_are_quoted_each_on_their_own()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        database.Execute("CREATE SCHEMA \"Shop Data\"");
        using var target = Products(table: "Shop Data.Product \"List\"; DROP TABLE products", createTable: true);
        Write(target, new[] { WriteOperation.Upsert(Product("NW-001", "Chai", 18m)) });

        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM \"Shop Data\".\"Product \"\"List\"\"; DROP TABLE products\""));
        Assert.Equal(77L, database.Scalar("SELECT count(*) FROM products"));
        Assert.Equal("PostgreSql endpoint 'erp' (" + database.Host + ":" + database.Port + "/" + database.Name + ", table Shop Data.Product \"List\"; DROP TABLE products)", target.Describe());
    }

    [SkippableFact]
    public void Timestamptz_reads_as_the_same_instant()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        using var endpoint = new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.Product),
            new PostgreSqlEndpointOptions(database.ConnectionString!) { Query = "SELECT 'NW-001' AS sku, timestamptz '2026-11-02 10:15:00.123456+01' AS modifiedat" });
        var record = endpoint.Read().Single().Record!;

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero).AddTicks(1234560), record.Fields.Get("ModifiedAt"));
    }

    [SkippableFact]
    public void A_wrong_password_is_an_authentication_error_without_the_password()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "Wrong-Secret-4711" };
        using var endpoint = new PostgreSqlEndpoint(new EndpointOptions("erp", BuiltInSchemas.Product), new PostgreSqlEndpointOptions(builder.ConnectionString) { Table = "products" });
        var error = Assert.Throws<ErpSyncException>(() => endpoint.Read().ToList());

        Assert.Equal(ErrorIds.PostgreSqlAuthenticationFailed, error.ErrorId);
        Assert.Equal(ErrorKind.AuthenticationError, error.Kind);
        Assert.StartsWith($"The PostgreSQL server at {database.Host}:{database.Port} rejected the login of user 'erpsync'", error.Message);
        Assert.DoesNotContain("Wrong-Secret-4711", error.ToString());
        Assert.DoesNotContain("Wrong-Secret-4711", endpoint.ToString());
        Assert.DoesNotContain(database.Password, error.ToString());
    }

    [SkippableFact]
    public void A_credential_replaces_the_user_and_password_of_the_connection_string()
    {
        Skip.IfNot(database.Available, PostgreSqlTestDatabase.SkipReason);

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = "nobody", Password = null };
        using var endpoint = new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.Product),
            new PostgreSqlEndpointOptions(builder.ConnectionString, new NetworkCredential("erpsync", database.Password)) { Query = ProductQuery });

        Assert.Equal(77, endpoint.Read().Count());
        Assert.DoesNotContain(database.Password, endpoint.Describe());
    }

    [Fact]
    public void An_unreachable_server_is_a_connection_error_naming_host_and_port()
    {
        var port = FreePort();
        using var endpoint = new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.Product),
            new PostgreSqlEndpointOptions($"Host=127.0.0.1;Port={port};Username=erpsync;Password=Secret-0815;Database=erp") { Table = "public.products" });
        var error = Assert.Throws<ErpSyncException>(() => endpoint.Read().ToList());

        Assert.Equal(ErrorIds.PostgreSqlUnreachable, error.ErrorId);
        Assert.Equal(ErrorKind.ConnectionError, error.Kind);
        Assert.StartsWith($"The PostgreSQL server at 127.0.0.1:{port} could not be reached: ", error.Message);
        Assert.DoesNotContain("Secret-0815", error.ToString());
        Assert.Equal($"PostgreSql endpoint 'erp' (127.0.0.1:{port}/erp, table public.products)", endpoint.ToString());
    }

    [Fact]
    public void An_endpoint_needs_a_table_or_a_query_but_not_both()
    {
        var error = Assert.Throws<ErpSyncException>(() => new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.Product),
            new PostgreSqlEndpointOptions("Host=127.0.0.1;Database=erp") { Table = "products", Query = "SELECT 1" }));

        Assert.Equal(ErrorIds.EndpointInvalid, error.ErrorId);
    }

    private PostgreSqlEndpoint Products(string? table = null, string? query = null, bool createTable = false) =>
        new PostgreSqlEndpoint(
            new EndpointOptions("erp", BuiltInSchemas.Product),
            new PostgreSqlEndpointOptions(database.ConnectionString!) { Table = table, Query = query, CreateTable = createTable });

    private static ErpRecord Product(string sku, string name, decimal price)
    {
        var fields = new RecordFields();
        fields.Set("Sku", sku);
        fields.Set("Name", name);
        fields.Set("Price", price);
        return new ErpRecord("Product", RecordKey.Single(sku), fields);
    }

    private static List<WriteOutcome> Write(Endpoint target, IEnumerable<WriteOperation> operations)
    {
        var outcomes = new List<WriteOutcome>();
        using var session = new WriteSession(target, 25);
        foreach (var operation in operations)
        {
            outcomes.AddRange(session.Add(operation, default));
        }

        outcomes.AddRange(session.Complete(default));
        return outcomes;
    }

    private Dictionary<string, string> RowVersions(string table)
    {
        var versions = new Dictionary<string, string>();
        using var connection = database.Open();
        using var command = new NpgsqlCommand($"SELECT \"Sku\", xmin::text FROM \"{table}\"", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetString(0), reader.GetString(1));
        }

        return versions;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
