"""Off-by-one patience: stops only when wait > patience, one epoch late."""
def early_stopping(val_losses, patience, min_delta=0.0):
    val_losses = [float(v) for v in val_losses]
    best_loss, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss - min_delta:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
