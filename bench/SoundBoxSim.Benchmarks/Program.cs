using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SoundBoxSim.Benchmarks;

var config = DefaultConfig.Instance.AddColumn(AudioColumn.Length, AudioColumn.RealTimeFactor);
BenchmarkSwitcher.FromAssembly(typeof(AudioColumn).Assembly).Run(args, config);
