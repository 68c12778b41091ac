"""Stops at the right epoch but keeps the last weights: best_epoch is the stop epoch."""
def early_stopping(val_losses, patience, min_delta=0.0):
    val_losses = [float(v) for v in val_losses]
    best_loss, wait = float("inf"), 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss - min_delta:
            best_loss, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, epoch
    return len(val_losses) - 1, len(val_losses) - 1
