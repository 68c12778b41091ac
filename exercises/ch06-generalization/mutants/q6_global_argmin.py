"""Takes the best epoch as the minimum over the whole list, including epochs after the stop that were never trained."""
def early_stopping(val_losses, patience, min_delta=0.0):
    val_losses = [float(v) for v in val_losses]
    best_loss, wait, stop = float("inf"), 0, len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss - min_delta:
            best_loss, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return int(np.argmin(val_losses)), stop
