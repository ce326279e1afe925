using System;
using System.Data.Common;

namespace ErpSync.Core.State
{
    /// <summary>Parameters for the commands of a state store, whichever database runs them.</summary>
    internal static class DbCommandExtensions
    {
        /// <summary>Adds a parameter named like @job; null becomes SQL NULL.</summary>
        public static DbParameter AddParameter(this DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
            return parameter;
        }
    }
}
