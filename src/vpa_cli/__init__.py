"""vpa: timeline and fact lookup on the defence diplomacy of the Vietnam People's Army."""
