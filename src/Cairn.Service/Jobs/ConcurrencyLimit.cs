namespace Cairn.Service.Jobs;

/// <summary>An async limit on running jobs whose maximum can change while jobs wait (config reload).</summary>
public sealed class ConcurrencyLimit(int maximum)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _maximum = Math.Max(1, maximum);
    private int _running;

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    public int Maximum
    {
        get
        {
            lock (_gate)
            {
                return _maximum;
            }
        }
        set
        {
            lock (_gate)
            {
                _maximum = Math.Max(1, value);
                ReleaseWaiters();
            }
        }
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_running < _maximum)
            {
                _running++;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        using (cancellationToken.Register(() =>
               {
                   lock (_gate)
                   {
                       if (node.List is not null)
                       {
                           _waiters.Remove(node);
                           waiter.TrySetCanceled(cancellationToken);
                       }
                   }
               }))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _running--;
            ReleaseWaiters();
        }
    }

    private void ReleaseWaiters()
    {
        while (_running < _maximum && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _running++;
            first.Value.TrySetResult();
        }
    }
}
