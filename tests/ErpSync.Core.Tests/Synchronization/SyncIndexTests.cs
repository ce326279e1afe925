using System.Collections.Generic;
using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Synchronization
{
    public sealed class SyncIndexTests
    {
        private static readonly Dictionary<string, ErpConflict> NoConflicts = new Dictionary<string, ErpConflict>();

        [Fact]
        public void Raw_key_differing_from_normalized_is_kept()
        {
            var index = new SyncIndex();
            var ownKey = new RecordKey(new[] { " Chai " }, KeyNormalization.Default);

            index.SetSide(SyncSide.Left, ownKey.Normalized, ownKey, ContentHasher.HashText("a"), null, false);
            var plan = index.PlanAt(0, NoConflicts);

            Assert.Same(ownKey, plan.Left!.OwnKey);
            Assert.Equal(" Chai ", plan.DisplayKey);
        }

        [Fact]
        public void Lower_case_key_is_rebuilt_from_the_upper_case_normalized_key()
        {
            var index = new SyncIndex();
            var ownKey = new RecordKey(new[] { "anna@example.com" }, KeyNormalization.Default);

            index.SetSide(SyncSide.Left, ownKey.Normalized, ownKey, ContentHasher.HashText("a"), null, false);
            index.SetBaseline(ownKey.Normalized, "anna@example.com", ContentHasher.HashText("a"), null, null);
            var plan = index.PlanAt(0, NoConflicts);

            Assert.Equal("ANNA@EXAMPLE.COM", plan.Key);
            Assert.NotSame(ownKey, plan.Left!.OwnKey);
            Assert.Equal(new[] { "anna@example.com" }, plan.Left.OwnKey.RawParts);
            Assert.Equal("ANNA@EXAMPLE.COM", plan.Left.OwnKey.Normalized);
            Assert.Equal("anna@example.com", plan.Baseline!.DisplayKey);
        }

        [Fact]
        public void Composite_key_equal_to_normalized_is_rebuilt()
        {
            var index = new SyncIndex();
            var ownKey = new RecordKey(new[] { "1001", "2" }, KeyNormalization.Default);

            index.SetSide(SyncSide.Right, ownKey.Normalized, ownKey, ContentHasher.HashText("a"), "id-7", false);
            var plan = index.PlanAt(0, NoConflicts);

            Assert.NotSame(ownKey, plan.Right!.OwnKey);
            Assert.Equal(new[] { "1001", "2" }, plan.Right.OwnKey.RawParts);
            Assert.Equal("1001|2", plan.DisplayKey);
            Assert.Equal("id-7", plan.Right.NativeId);
            Assert.Null(plan.Left);
        }

        [Fact]
        public void Baseline_keeps_display_key_ids_and_text_hash()
        {
            var index = new SyncIndex();

            index.SetBaseline("chai", "Chai", "legacy", "L1", null);
            var plan = index.PlanAt(0, NoConflicts);

            Assert.Equal("Chai", plan.Baseline!.DisplayKey);
            Assert.Equal("L1", plan.Baseline.LeftId);
            Assert.Null(plan.Baseline.RightId);
            Assert.Equal("legacy", plan.Baseline.Hash.ToString());
        }

        [Fact]
        public void Repeated_side_key_replaces_the_entry()
        {
            var index = new SyncIndex();
            var key = RecordKey.Single("chai");

            var first = index.SetSide(SyncSide.Left, "chai", key, ContentHasher.HashText("a"), "n1", true);
            var second = index.SetSide(SyncSide.Left, "chai", key, ContentHasher.HashText("b"), null, false);
            var plan = index.PlanAt(0, NoConflicts);

            Assert.True(first);
            Assert.False(second);
            Assert.Equal(1, index.Count);
            Assert.Equal(ContentHasher.HashText("b"), plan.Left!.Hash.ToString());
            Assert.Null(plan.Left.NativeId);
            Assert.False(plan.Left.MatchedByKeyFields);
        }
    }
}
