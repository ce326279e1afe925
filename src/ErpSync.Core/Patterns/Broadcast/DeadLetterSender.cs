using System;
using System.Collections.Generic;
using System.Linq;
using ErpSync.Core.Endpoints;
using ErpSync.Core.State;

namespace ErpSync.Core.Patterns.Broadcast
{
    /// <summary>
    /// Sends dead letters again from their outbox payload. A letter that succeeds leaves the list; one
    /// whose key the target already received a later change for is dropped without writing, because
    /// sending it would overwrite newer data.
    /// </summary>
    public sealed class DeadLetterSender
    {
        private readonly StateStore store;
        private readonly Endpoint? source;

        public DeadLetterSender(StateStore store, Endpoint? source)
        {
            this.store = store;
            this.source = source;
        }

        /// <summary>Sends one dead letter to its target; the source endpoint, where given, restores the payload's types, else the target's schema does.</summary>
        public DeadLetterResult Send(DeadLetter letter, Endpoint target)
        {
            var state = new BroadcastState(store, letter.JobName);
            var result = new DeadLetterResult { JobName = letter.JobName, Target = target.Name, Sequence = letter.Sequence, Key = letter.Key };
            var entry = state.Find(letter.Sequence);
            if (entry == null)
            {
                result.Status = DeadLetterStatus.Failed;
                result.Error = $"The outbox entry {letter.Sequence} of job '{letter.JobName}' no longer exists, so the dead letter cannot be sent.";
                return result;
            }

            if (state.IsSuperseded(target.Name, letter))
            {
                state.RemoveDeadLetter(target.Name, letter.Sequence);
                result.Status = DeadLetterStatus.Superseded;
                return result;
            }

            var options = new BroadcastOptions(letter.JobName, source ?? target, new[] { target }) { MaxAttempts = 1 };
            var delivery = new TargetDelivery(options, target, state, _ => { }, _ => { });
            var error = delivery.DeliverOne(entry);
            if (error == null)
            {
                state.RemoveDeadLetter(target.Name, letter.Sequence);
                result.Status = DeadLetterStatus.Delivered;
                return result;
            }

            state.UpdateDeadLetter(target.Name, letter.Sequence, letter.Attempts + 1, error);
            result.Status = DeadLetterStatus.Failed;
            result.Error = error;
            return result;
        }
    }
}
