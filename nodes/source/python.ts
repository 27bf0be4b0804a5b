import { defineChannelSource } from '../shared/channel-source.ts';

export const pythonSource = defineChannelSource({
  type: 'source.python',
  source: 'python',
  title: 'Python signal',
  description: 'Starts the strategy when your Python script sends a signal on this channel with the legflow library.',
  channelDescription: 'Channel your script sends to, e.g. legflow.send(channel="my-strategy", action="ENTRY")',
});
