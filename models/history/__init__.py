"""What the athlete actually did: the training log, and the lived part of a block as the
history a re-plan starts from."""
