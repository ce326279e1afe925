using ErpSync.Core.Patterns.Synchronization;
using ErpSync.Core.Records;
using Xunit;

namespace ErpSync.Core.Tests.Synchronization
{
    public sealed class HashValueTests
    {
        [Fact]
        public void Content_hash_round_trips()
        {
            var text = ContentHasher.HashText("Chai");

            var value = HashValue.Parse(text);

            Assert.Equal(text, value.ToString());
            Assert.Equal(HashValue.Parse(text), value);
        }

        [Fact]
        public void Other_text_is_kept_as_is()
        {
            var upper = HashValue.Parse("0D2515A9B1B8635AA0BBEC0F8E16BD02");
            var lower = HashValue.Parse("0d2515a9b1b8635aa0bbec0f8e16bd02");

            Assert.Equal("0D2515A9B1B8635AA0BBEC0F8E16BD02", upper.ToString());
            Assert.Equal("legacy", HashValue.Parse("legacy").ToString());
            Assert.NotEqual(upper, lower);
            Assert.Equal(HashValue.Parse("legacy"), HashValue.Parse("legacy"));
        }

        [Fact]
        public void Different_hashes_differ()
        {
            Assert.True(HashValue.Parse(ContentHasher.HashText("Chai")) != HashValue.Parse(ContentHasher.HashText("Chang")));
        }
    }
}
