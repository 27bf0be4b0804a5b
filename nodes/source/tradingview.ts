import { defineChannelSource } from '../shared/channel-source.ts';

export const tradingviewSource = defineChannelSource({
  type: 'source.tradingview',
  source: 'tradingview',
  title: 'TradingView alert',
  description: 'Starts the strategy when a TradingView alert arrives on this channel. The editor shows the webhook URL, the secret and a ready alert message.',
  channelDescription: 'Name of the alert channel; each channel has its own webhook URL for TradingView',
});
