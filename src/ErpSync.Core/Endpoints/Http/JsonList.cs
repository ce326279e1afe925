using Newtonsoft.Json.Linq;

namespace ErpSync.Core.Endpoints.Http
{
    /// <summary>Builds JSON arrays item by item; <c>new JArray(otherArray)</c> would copy instead of nest.</summary>
    public static class JsonList
    {
        public static JArray Of(params object?[] items)
        {
            var array = new JArray();
            foreach (var item in items)
            {
                if (item is JToken token)
                {
                    array.Add(token);
                }
                else if (item == null)
                {
                    array.Add(JValue.CreateNull());
                }
                else
                {
                    array.Add(JToken.FromObject(item));
                }
            }

            return array;
        }
    }
}
