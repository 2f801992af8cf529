import { LiveFeed } from './LiveFeed';

export default function LivePage() {
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live call status</h2>
      <p>
        Status changes of the calls this server starts, as Kaleyra reports them, newest first. The
        feed starts when the page opens.
      </p>
      <LiveFeed />
    </section>
  );
}
