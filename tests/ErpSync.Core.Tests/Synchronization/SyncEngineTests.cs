using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using ErpSync.Core.State;
using Xunit;

namespace ErpSync.Core.Tests.Synchronization
{
    public sealed class SyncEngineTests
    {
        private static SyncOptions Options(ConflictPolicy policy = ConflictPolicy.Manual)
        {
            var options = new SyncOptions { ConflictPolicy = policy };
            options.ExcludedFields.Add("ModifiedAt");
            return options;
        }

        /// <summary>Both sides hold ann and bob, and a first run has adopted them into the baseline.</summary>
        private static SyncFixture Synced(string leftTimes = "", string rightTimes = "")
        {
            var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo," + leftTimes, "bob@x.test,Bob,222,Rome," + leftTimes);
            fixture.WriteRight("ann@x.test,Ann,111,Oslo," + rightTimes, "bob@x.test,Bob,222,Rome," + rightTimes);
            var first = fixture.Sync(Options());
            Assert.Equal(2, first.Adopted);
            return fixture;
        }

        [Fact]
        public void Duplicate_key_is_reported_and_left_alone()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("bob@x.test,Bob,222,Rome,");
            fixture.WriteRight("ann@x.test,Ann,111,Oslo,", "ANN@x.test,Annie,999,Paris,", "carl@x.test,Carl,333,Lima,", "bob@x.test,Bob,222,Rome,");
            var errors = new List<RecordError>();
            var options = Options();
            options.RecordFailed = errors.Add;

            var result = fixture.Sync(options);

            Assert.Equal(1, result.CreatedLeft);
            Assert.Equal("Carl|333|Lima", SyncFixture.Snapshot(fixture.Left())["carl@x.test"]);
            Assert.False(SyncFixture.Snapshot(fixture.Left()).ContainsKey("ann@x.test"));
            var error = Assert.Single(errors);
            Assert.Equal(ErrorIds.KeyDuplicate, error.ErrorId);
            Assert.Equal("The key 'ANN@x.test' was already read at line 2. Each key may appear once; remove or merge the duplicate. This row was skipped.", error.Message);
        }

        [Fact]
        public void FieldMerge_keeps_changes_of_both_sides()
        {
            using var fixture = Synced();
            fixture.ExecuteLeft("UPDATE customers SET Phone = '999' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("ann@x.test,Ann,111,Paris,", "bob@x.test,Bob,222,Rome,");

            var result = fixture.Sync(Options(ConflictPolicy.FieldMerge));

            Assert.Equal(1, result.Conflicts);
            Assert.Equal(1, result.UpdatedLeft);
            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal("Ann|999|Paris", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            Assert.Equal("Ann|999|Paris", SyncFixture.Snapshot(fixture.Right())["ann@x.test"]);
            var rerun = fixture.Sync(Options(ConflictPolicy.FieldMerge));
            Assert.Equal(2, rerun.Unchanged);
            Assert.Equal(0, rerun.UpdatedLeft + rerun.UpdatedRight);
        }

        [Theory]
        [InlineData(ConflictPolicy.LeftWins, FieldConflictPolicy.LeftWins, SyncSide.Left, "Bergen")]
        [InlineData(ConflictPolicy.RightWins, FieldConflictPolicy.LeftWins, SyncSide.Left, "Paris")]
        [InlineData(ConflictPolicy.Newest, FieldConflictPolicy.LeftWins, SyncSide.Left, "Paris")]
        [InlineData(ConflictPolicy.FieldMerge, FieldConflictPolicy.LeftWins, SyncSide.Left, "Bergen")]
        [InlineData(ConflictPolicy.FieldMerge, FieldConflictPolicy.RightWins, SyncSide.Left, "Paris")]
        [InlineData(ConflictPolicy.FieldMerge, FieldConflictPolicy.Newest, SyncSide.Left, "Paris")]
        public void Same_field_conflict_follows_policy(ConflictPolicy policy, FieldConflictPolicy fieldPolicy, SyncSide tieBreaker, string expectedCity)
        {
            using var fixture = Synced("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen', ModifiedAt = '2024-02-01T00:00:00Z' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("ann@x.test,Ann,111,Paris,2024-03-01T00:00:00Z", "bob@x.test,Bob,222,Rome,2024-01-01T00:00:00Z");
            var options = Options(policy);
            options.FieldConflictPolicy = fieldPolicy;
            options.TieBreaker = tieBreaker;

            var result = fixture.Sync(options, fixture.Left("ModifiedAt"), fixture.Right("ModifiedAt"));

            Assert.Equal(1, result.Conflicts);
            Assert.Equal($"Ann|111|{expectedCity}", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            Assert.Equal($"Ann|111|{expectedCity}", SyncFixture.Snapshot(fixture.Right())["ann@x.test"]);
        }

        [Theory]
        [InlineData(SyncSide.Left, "Bergen")]
        [InlineData(SyncSide.Right, "Paris")]
        public void Newest_with_equal_times_follows_tie_breaker(SyncSide tieBreaker, string expectedCity)
        {
            using var fixture = Synced("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen', ModifiedAt = '2024-02-01T00:00:00Z' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("ann@x.test,Ann,111,Paris,2024-02-01T00:00:00Z", "bob@x.test,Bob,222,Rome,2024-01-01T00:00:00Z");
            var options = Options(ConflictPolicy.Newest);
            options.TieBreaker = tieBreaker;

            fixture.Sync(options, fixture.Left("ModifiedAt"), fixture.Right("ModifiedAt"));

            Assert.Equal($"Ann|111|{expectedCity}", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            Assert.Equal($"Ann|111|{expectedCity}", SyncFixture.Snapshot(fixture.Right())["ann@x.test"]);
        }

        [Fact]
        public void Manual_conflict_is_stored_then_resolution_applied()
        {
            using var fixture = Synced();
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("ann@x.test,Ann,111,Paris,", "bob@x.test,Bob,222,Rome,");

            var result = fixture.Sync(Options());

            Assert.Equal(1, result.Conflicts);
            Assert.Equal(0, result.UpdatedLeft + result.UpdatedRight);
            Assert.Equal("Ann|111|Bergen", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            Assert.Equal("Ann|111|Paris", SyncFixture.Snapshot(fixture.Right())["ann@x.test"]);
            string conflictId;
            using (var store = StateStore.Open(fixture.StatePath))
            {
                var conflict = Assert.Single(new ConflictStore(store).List("sync:erp<->shop"));
                Assert.Equal("Bergen", conflict.Left["City"]);
                Assert.Equal("Paris", conflict.Right["City"]);
                Assert.Equal("Oslo", conflict.Baseline["City"]);
                Assert.Equal(new[] { "City" }, conflict.DifferingFields);
                conflictId = conflict.ConflictId;
            }

            var again = fixture.Sync(Options());
            Assert.Equal(1, again.Conflicts);
            using (var store = StateStore.Open(fixture.StatePath))
            {
                Assert.Single(new ConflictStore(store).List("sync:erp<->shop"));
                new ConflictStore(store).Resolve(conflictId, ConflictChoice.Right, null);
            }

            var applied = fixture.Sync(Options());

            Assert.Equal(1, applied.UpdatedLeft);
            Assert.Equal("Ann|111|Paris", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            using (var store = StateStore.Open(fixture.StatePath))
            {
                Assert.Empty(new ConflictStore(store).List("sync:erp<->shop"));
            }

            Assert.Equal(2, fixture.Sync(Options()).Unchanged);
        }

        [Fact]
        public void Same_change_on_both_sides_is_adopted()
        {
            using var fixture = Synced();
            fixture.ExecuteLeft("UPDATE customers SET City = 'Paris' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("ann@x.test,Ann,111,Paris,", "bob@x.test,Bob,222,Rome,");

            var result = fixture.Sync(Options());

            Assert.Equal(1, result.Adopted);
            Assert.Equal(1, result.Unchanged);
            Assert.Equal(0, result.Conflicts);
            Assert.Equal(0, result.UpdatedLeft + result.UpdatedRight + result.CreatedLeft + result.CreatedRight);
        }

        [Fact]
        public void Modified_field_is_not_compared()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,2026-01-01T10:00:00Z", "bob@x.test,Bob,222,Rome,");
            fixture.WriteRight("ann@x.test,Ann,111,Oslo,2026-03-05T08:00:00Z", "bob@x.test,Bob,222,Rome,2026-03-05T08:00:00Z");

            var result = fixture.Sync(new SyncOptions { ConflictPolicy = ConflictPolicy.Manual }, fixture.Left("ModifiedAt"), fixture.Right("ModifiedAt"));

            Assert.Equal(2, result.Adopted);
            Assert.Equal(0, result.Conflicts);
            Assert.Equal(0, result.UpdatedLeft + result.UpdatedRight);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Delete_against_update_keeps_update(bool propagateDeletes)
        {
            using var fixture = Synced();
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen' WHERE Email = 'ann@x.test'");
            fixture.WriteRight("bob@x.test,Bob,222,Rome,");
            var options = Options();
            options.PropagateDeletes = propagateDeletes;
            options.MaxDeletePercent = 100;

            var result = fixture.Sync(options);

            Assert.Equal(1, result.DeletesIgnored);
            Assert.Equal(0, result.DeletedLeft);
            Assert.Equal(0, result.CreatedRight);
            Assert.Equal("Ann|111|Bergen", SyncFixture.Snapshot(fixture.Left())["ann@x.test"]);
            for (var run = 0; run < 2; run++)
            {
                var later = fixture.Sync(options);
                Assert.Equal(0, later.CreatedRight);
                Assert.Equal(0, later.DeletedLeft);
                Assert.False(SyncFixture.Snapshot(fixture.Right()).ContainsKey("ann@x.test"));
            }
        }

        [Fact]
        public void Propagated_delete_removes_unchanged_record()
        {
            using var fixture = Synced();
            fixture.WriteRight("bob@x.test,Bob,222,Rome,");
            var options = Options();
            options.PropagateDeletes = true;

            var result = fixture.Sync(options);

            Assert.Equal(1, result.DeletedLeft);
            Assert.Equal(new[] { "bob@x.test" }, SyncFixture.Snapshot(fixture.Left()).Keys);
        }

        [Fact]
        public void Short_read_aborts_before_writing()
        {
            using var fixture = new SyncFixture();
            var rows = Enumerable.Range(1, 10).Select(i => $"c{i}@x.test,C{i},{i},Oslo,").ToArray();
            fixture.WriteLeft(rows);
            fixture.WriteRight(rows);
            fixture.Sync(Options());
            fixture.WriteLeft(rows.Take(4).ToArray());
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen' WHERE Email = 'c1@x.test'");
            var options = Options();
            options.PropagateDeletes = true;

            var error = Assert.Throws<ErpSyncException>(() => fixture.Sync(options));

            Assert.Equal(ErrorIds.MaxDeletePercentExceeded, error.ErrorId);
            Assert.Contains("delete 6 of the 10 records", error.Message);
            Assert.Equal(10, SyncFixture.Snapshot(fixture.Right()).Count);
            Assert.Equal("C1|1|Oslo", SyncFixture.Snapshot(fixture.Right())["c1@x.test"]);
        }

        [Fact]
        public void Keys_differing_in_case_and_spaces_are_one_record()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("Ann@X.test,Ann,111,Oslo,");
            fixture.WriteRight(" ann@x.TEST ,Ann,111,Oslo,");

            var result = fixture.Sync(Options());

            Assert.Equal(1, result.Adopted);
            Assert.Equal(0, result.CreatedLeft + result.CreatedRight);
            fixture.ExecuteLeft("UPDATE customers SET City = 'Bergen'");
            var update = fixture.Sync(Options());
            Assert.Equal(1, update.UpdatedRight);
            Assert.Equal(new[] { " ann@x.TEST " }, SyncFixture.Snapshot(fixture.Right()).Keys);
            Assert.Equal("Ann|111|Bergen", SyncFixture.Snapshot(fixture.Right())[" ann@x.TEST "]);
        }

        [Fact]
        public void Leading_zero_folding_joins_keys()
        {
            using var fixture = new SyncFixture { Keys = new KeyNormalization(foldLeadingZeros: true) };
            fixture.WriteLeft("00123,Ann,111,Oslo,");
            fixture.WriteRight("123,Ann,111,Oslo,");

            var result = fixture.Sync(Options());

            Assert.Equal(1, result.Adopted);
            Assert.Equal(0, result.CreatedLeft + result.CreatedRight);
        }

        [Fact]
        public void Id_assigning_target_gets_each_record_once()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,", "bob@x.test,Bob,222,Rome,", "cid@x.test,Cid,333,Kyiv,");
            var target = new IdAssigningEndpoint("shopapi");

            var runs = Enumerable.Range(0, 3).Select(_ => fixture.Sync(Options(), fixture.Left(), target)).ToList();

            Assert.Equal(new long[] { 3, 0, 0 }, runs.Select(r => r.CreatedRight));
            Assert.Equal(new long[] { 0, 0, 0 }, runs.Select(r => r.CreatedLeft));
            Assert.Equal(new long[] { 0, 3, 3 }, runs.Select(r => r.Unchanged));
            Assert.Equal(3, target.Rows.Count);
            fixture.ExecuteLeft("UPDATE customers SET City = 'Lviv' WHERE Email = 'cid@x.test'");
            var update = fixture.Sync(Options(), fixture.Left(), target);
            Assert.Equal(1, update.UpdatedRight);
            Assert.Equal("Lviv", target.Rows.Single(r => (string?)r.Get("Email") == "cid@x.test").Get("City"));
        }

        [Fact]
        public void Lost_id_map_creates_no_duplicate()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,", "bob@x.test,Bob,222,Rome,", "cid@x.test,Cid,333,Kyiv,");
            var target = new IdAssigningEndpoint("shopapi");
            fixture.Sync(Options(), fixture.Left(), target);

            // A kill after the create committed and before the baseline commit leaves no baseline and no id map entry.
            using (var store = StateStore.Open(fixture.StatePath))
            {
                store.Execute("DELETE FROM baselines", null);
                store.Execute("DELETE FROM id_map", null);
            }

            var rerun = fixture.Sync(Options(), fixture.Left(), target);
            long idMapEntries;
            using (var store = StateStore.Open(fixture.StatePath))
            {
                idMapEntries = (long)store.Scalar("SELECT COUNT(*) FROM id_map")!;
            }

            var third = fixture.Sync(Options(), fixture.Left(), target);
            fixture.ExecuteLeft("UPDATE customers SET City = 'Lviv' WHERE Email = 'cid@x.test'");
            var update = fixture.Sync(Options(), fixture.Left(), target);

            Assert.Equal(3, rerun.Adopted);
            Assert.Equal(0, rerun.CreatedRight);
            Assert.Equal(0, rerun.CreatedLeft);
            Assert.Equal(3, target.Rows.Count);
            Assert.Equal(3, SyncFixture.Snapshot(fixture.Left()).Count);
            Assert.Equal(3, idMapEntries);
            Assert.Equal(3, third.Unchanged);
            Assert.Equal(1, update.UpdatedRight);
            Assert.Equal(0, update.CreatedRight);
            Assert.Equal("Lviv", target.Rows.Single(r => (string?)r.Get("Email") == "cid@x.test").Get("City"));
        }

        [Fact]
        public void Correlation_touches_only_shared_keys()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,", "bob@x.test,Bob,222,Rome,", "cid@x.test,Cid,333,Kyiv,");
            fixture.WriteRight("bob@x.test,Bob,222,Rome,", "cid@x.test,Cid,333,Kyiv,", "dan@x.test,Dan,444,Riga,", "eve@x.test,Eve,555,Lima,");
            var options = Options();
            options.Mode = SyncMode.Correlation;
            var changes = new List<ErpSyncChange>();
            options.Changed = changes.Add;
            fixture.Sync(options);
            fixture.ExecuteLeft("UPDATE customers SET City = 'Milan' WHERE Email IN ('bob@x.test', 'ann@x.test')");
            changes.Clear();

            var result = fixture.Sync(options);

            Assert.Equal(1, result.UpdatedRight);
            Assert.Equal(1, result.OnlyLeft);
            Assert.Equal(2, result.OnlyRight);
            Assert.Equal(0, result.CreatedLeft + result.CreatedRight + result.DeletedLeft + result.DeletedRight);
            Assert.Equal(new[] { "ann@x.test" }, changes.Where(c => c.Action == SyncAction.OnlyLeft).Select(c => c.Key));
            Assert.Equal(new[] { "dan@x.test", "eve@x.test" }, changes.Where(c => c.Action == SyncAction.OnlyRight).Select(c => c.Key).OrderBy(k => k));
            var right = SyncFixture.Snapshot(fixture.Right());
            Assert.Equal(new[] { "bob@x.test", "cid@x.test", "dan@x.test", "eve@x.test" }, right.Keys);
            Assert.Equal("Bob|222|Milan", right["bob@x.test"]);
        }

        [Fact]
        public void Bidirectional_creates_missing_records_on_both_sides()
        {
            using var fixture = new SyncFixture();
            fixture.WriteLeft("ann@x.test,Ann,111,Oslo,");
            fixture.WriteRight("bob@x.test,Bob,222,Rome,");

            var result = fixture.Sync(Options());

            Assert.Equal(1, result.CreatedLeft);
            Assert.Equal(1, result.CreatedRight);
            Assert.Equal(new[] { "ann@x.test", "bob@x.test" }, SyncFixture.Snapshot(fixture.Left()).Keys.OrderBy(k => k));
            Assert.Equal(new[] { "bob@x.test", "ann@x.test" }, SyncFixture.Snapshot(fixture.Right()).Keys);
            Assert.Equal(2, fixture.Sync(Options()).Unchanged);
        }
    }
}
