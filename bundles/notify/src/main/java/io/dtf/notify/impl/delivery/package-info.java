/** Sending to channels: rate limits, retries with backoff, the delivery log, silences. */
package io.dtf.notify.impl.delivery;
